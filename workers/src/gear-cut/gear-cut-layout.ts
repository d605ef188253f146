// Where the gear-cut module (gear-cut-wat.ts) keeps things in its memory, shared by the generator
// that writes the module and the code that drives it (gear-cut.ts). The memory never grows: the
// bytes to hash are copied into one fixed window, a window at a time.

/** The 256 gear values, as little-endian u32s, written by gear-cut.ts from the shared table. */
export const GEAR_AT = 0;
/** Where the window of bytes being scanned starts. */
export const WINDOW_AT = GEAR_AT + 256 * 4;
/** The most bytes one call scans: about a read, so a read is copied and scanned in one or two goes. */
export const WINDOW_BYTES = 1024 * 1024;
/** 64 KiB pages: the gear table and the window, and no more. */
export const MEMORY_PAGES = Math.ceil((WINDOW_AT + WINDOW_BYTES) / 65536);
