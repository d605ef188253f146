// Multi-buffer SHA-256: the SHA-256 of many ranges of one batch, four at a time, one per 32-bit lane
// of WebAssembly SIMD (the module is sha256x4-wat.ts, compiled into sha256x4-module.generated.ts).
// A single SHA-256 is one long chain of dependent rounds, which leaves a core's vector units idle;
// four independent messages fill them. Lanes are scheduled greedily, longest range first: each lane
// takes the next range as its own ends, so ranges of different lengths keep the four busy, and a
// lone last range runs on the scalar path, which beats one lane of four.
import { SHA256X4_WASM_BASE64 } from './sha256x4-module.generated.js';
import { BLOCK_BYTES, LANES, SHA256_IV, STATE_AT, WINDOW_BLOCKS, WINDOWS_AT, WINDOW_BYTES } from './sha256x4-layout.js';

/** A range of a batch: `size` bytes from `at`. */
export type ByteRange = { readonly at: number; readonly size: number };

export type LaneSha256 = {
  /**
   * The SHA-256 of each range of `bytes`, in the order given. Ranges may overlap, repeat or be
   * empty; one outside `bytes` is a bug, and throws a RangeError.
   */
  digest(bytes: Uint8Array, ranges: readonly ByteRange[]): Uint8Array[];
};

export type LaneSha256Options = {
  /** Whether a lone range runs on the scalar path rather than one lane of four; yes by default. */
  readonly scalarTail?: boolean;
};

/** The module's bytes. */
export function sha256x4Bytes(): Uint8Array<ArrayBuffer> {
  const binary = atob(SHA256X4_WASM_BASE64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A range being hashed in a lane. */
type InLane = {
  /** Its place in the caller's list. */
  readonly index: number;
  readonly at: number;
  readonly size: number;
  /** Blocks of its padded message: its bytes, a 1 bit, zeros and its length in bits (FIPS 180-4, 5.1.1). */
  readonly blocks: number;
  /** Blocks hashed so far. */
  done: number;
};

const paddedBlocks = (size: number): number => Math.floor((size + 8) / BLOCK_BYTES) + 1;

/** An exported function of the module, checked to be one. */
function exported<A extends number[]>(exports: WebAssembly.Exports, name: string): (...args: A) => void {
  const value = exports[name];
  if (typeof value !== 'function') throw new Error(`the SHA-256 module exports no function ${name}`);
  return (...args) => void Reflect.apply(value, undefined, args);
}

/**
 * A four-lane SHA-256 with a module instance of its own, or undefined where WebAssembly SIMD is not
 * supported (Safari before 16.4): the caller keeps to its other SHA-256 there.
 */
export function createLaneSha256(options: LaneSha256Options = {}): LaneSha256 | undefined {
  const wasm = sha256x4Bytes();
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(wasm)) return undefined;
  // Compiled at once: the module is small (~10 KB), and a worker may compile synchronously.
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(wasm), {});
  const { memory } = exports;
  if (!(memory instanceof WebAssembly.Memory)) throw new Error('the SHA-256 module exports no memory');
  const hash4 = exported<[blocks: number]>(exports, 'hash4');
  const hash1 = exported<[lane: number, blocks: number]>(exports, 'hash1');
  const scalarTail = options.scalarTail ?? true;
  // V8 runs a function with its baseline compiler, several times slower on this code, until it has
  // run enough for the optimizing one to take it on in the background: start that now, on whatever
  // the windows hold, rather than on the first chunks (a few ms here, and a fair first measure).
  for (let i = 0; i < 2; i++) {
    hash4(WINDOW_BLOCKS);
    hash1(0, WINDOW_BLOCKS);
  }
  // The memory cannot grow (its maximum is its size), so these views stay valid.
  const heap = new Uint8Array(memory.buffer);
  const view = new DataView(memory.buffer);

  const start = (lane: number): void => {
    for (const [j, word] of SHA256_IV.entries()) view.setUint32(STATE_AT + 16 * j + 4 * lane, word, true);
  };

  /** Copies blocks [done, done + blocks) of the range's padded message into the lane's window. */
  const fill = (bytes: Uint8Array, lane: number, range: InLane, blocks: number): void => {
    const window = WINDOWS_AT + lane * WINDOW_BYTES;
    const from = range.done * BLOCK_BYTES;
    const to = from + blocks * BLOCK_BYTES;
    const dataEnd = Math.min(to, range.size);
    if (dataEnd > from) heap.set(bytes.subarray(range.at + from, range.at + dataEnd), window);
    if (to <= range.size) return;
    heap.fill(0, window + Math.max(from, range.size) - from, window + to - from);
    if (range.size >= from) heap[window + range.size - from] = 0x80;
    if (range.done + blocks === range.blocks) {
      // The length in bits, 64-bit big-endian: size * 8 split where it fits 32 bits either side.
      view.setUint32(window + to - from - 8, Math.floor(range.size / 2 ** 29), false);
      view.setUint32(window + to - from - 4, (range.size % 2 ** 29) * 8, false);
    }
  };

  const digestOf = (lane: number): Uint8Array => {
    const digest = new Uint8Array(32);
    const out = new DataView(digest.buffer);
    for (let j = 0; j < 8; j++) out.setUint32(4 * j, view.getUint32(STATE_AT + 16 * j + 4 * lane, true), false);
    return digest;
  };

  return {
    digest(bytes, ranges) {
      for (const { at, size } of ranges) {
        if (
          !Number.isSafeInteger(at) ||
          !Number.isSafeInteger(size) ||
          at < 0 ||
          size < 0 ||
          at + size > bytes.length
        ) {
          throw new RangeError(`range of ${size} B at ${at} outside ${bytes.length} B`);
        }
      }
      const digests = new Array<Uint8Array>(ranges.length);
      // Longest first: the lanes then run out of work together, not one long range alone at the end.
      const order = ranges.map((_, i) => i).sort((x, y) => (ranges[y]?.size ?? 0) - (ranges[x]?.size ?? 0));
      const lanes: (InLane | undefined)[] = new Array<InLane | undefined>(LANES).fill(undefined);
      let next = 0;
      for (;;) {
        let busy = 0;
        let only = 0;
        let blocks = WINDOW_BLOCKS;
        for (let lane = 0; lane < LANES; lane++) {
          let range = lanes[lane];
          const index = order[next];
          if (range === undefined && index !== undefined) {
            const { at, size } = ranges[index] ?? { at: 0, size: 0 };
            range = { index, at, size, blocks: paddedBlocks(size), done: 0 };
            lanes[lane] = range;
            next++;
            start(lane);
          }
          if (range === undefined) continue;
          busy++;
          only = lane;
          blocks = Math.min(blocks, range.blocks - range.done);
        }
        if (busy === 0) return digests;
        // Idle lanes hash whatever their windows hold; nothing reads their states before a new start.
        for (const [lane, range] of lanes.entries()) if (range !== undefined) fill(bytes, lane, range, blocks);
        if (busy === 1 && scalarTail) hash1(only, blocks);
        else hash4(blocks);
        for (const [lane, range] of lanes.entries()) {
          if (range === undefined) continue;
          range.done += blocks;
          if (range.done < range.blocks) continue;
          digests[range.index] = digestOf(lane);
          lanes[lane] = undefined;
        }
      }
    },
  };
}
