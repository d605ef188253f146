// Where the four-lane SHA-256 module (sha256x4-wat.ts) keeps things in its memory, shared by the
// generator that writes the module and the code that drives it (sha256x4.ts). The memory never
// grows: a call's message blocks are copied into fixed windows, so no call faults fresh pages in.

/** Messages hashed at once, one in each 32-bit lane of a v128. */
export const LANES = 4;
/** A SHA-256 block. */
export const BLOCK_BYTES = 64;
/** Message blocks each lane takes per call: a window's worth, copied in just before. */
export const WINDOW_BLOCKS = 256;
export const WINDOW_BYTES = WINDOW_BLOCKS * BLOCK_BYTES;
/** Lane i's window starts at WINDOWS_AT + i * WINDOW_BYTES. */
export const WINDOWS_AT = 0;
/**
 * The lanes' hash states, word-major: word j of lane i sits at STATE_AT + 16 j + 4 i (little-endian),
 * so that word j of all four lanes is one v128.
 */
export const STATE_AT = WINDOWS_AT + LANES * WINDOW_BYTES;
/** A block's 64 message words, each a v128 (or, on the scalar path, an i32). */
export const SCHEDULE_AT = STATE_AT + 8 * 16;
/** SHA-256's 64 round constants, each repeated in four lanes. */
export const CONSTANTS_AT = SCHEDULE_AT + 64 * 16;
/** 64 KiB pages: the windows, the state, the schedule and the constants, and no more. */
export const MEMORY_PAGES = Math.ceil((CONSTANTS_AT + 64 * 16) / 65536);

/** SHA-256's initial hash value (FIPS 180-4, 5.3.3). */
export const SHA256_IV: readonly number[] = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
