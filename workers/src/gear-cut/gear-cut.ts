// FastCDC boundaries found by the gear-cut module (gear-cut-wat.ts, compiled into
// gear-cut-module.generated.ts): the chunker of shared/src/chunking/fastcdc.ts, the same
// boundaries bit for bit, with its hot loop in WebAssembly and in interleaved chains. The chunk
// sizes, masks and gear table are the shared ones; the bytes to hash are copied into the module's
// fixed window (a memcpy, under 0.1 ms per MiB) and scanned there; the state between pushes is
// kept here, as createChunker keeps it.
import {
  chunkerSizes,
  createChunker,
  gearTable,
  type ChunkBoundary,
  type Chunker,
  type ChunkerOptions,
} from '@sheaf/shared/chunking/fastcdc';
import { GEAR_CUT_WASM_BASE64 } from './gear-cut-module.generated.js';
import { GEAR_AT, WINDOW_AT, WINDOW_BYTES } from './gear-cut-layout.js';

/** A module instance: its memory, and the scan over a range of its window. */
export type GearCut = {
  /** The module's memory, which cannot grow: the gear table, then the window. */
  readonly heap: Uint8Array;
  /**
   * The address of the first byte in [at, to) whose gear hash, from `hash` before `at`, has no one
   * bit under `mask`; -1 if none, and then {@link lastHash} is the hash after `to - 1`.
   */
  readonly find: (at: number, to: number, hash: number, mask: number) => number;
  readonly lastHash: () => number;
};

/** The module's bytes. */
export function gearCutBytes(): Uint8Array<ArrayBuffer> {
  const binary = atob(GEAR_CUT_WASM_BASE64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Calls that start V8's optimizing compiler on `find`, and the bytes each scans. */
const WARM_UP_CALLS = 16;
const WARM_UP_BYTES = 64 * 1024;

/**
 * An instance of the module `wasm` (the shipped one by default) with the shared gear table in its
 * memory, or undefined where WebAssembly is missing or refuses it.
 */
export function instantiateGearCut(wasm: Uint8Array<ArrayBuffer> = gearCutBytes()): GearCut | undefined {
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(wasm)) return undefined;
  let exports: WebAssembly.Exports;
  try {
    // Compiled at once: the module is small (~5 KB), and a worker may compile synchronously.
    ({ exports } = new WebAssembly.Instance(new WebAssembly.Module(wasm), {}));
  } catch {
    // A page whose CSP forbids compiling WebAssembly, or a browser out of memory for it.
    return undefined;
  }
  const { memory, find, hash: last } = exports;
  if (!(memory instanceof WebAssembly.Memory) || typeof find !== 'function' || !(last instanceof WebAssembly.Global)) {
    throw new Error('the gear-cut module lacks its memory, find or hash');
  }
  // The memory cannot grow (its maximum is its size), so this view stays valid.
  const heap = new Uint8Array(memory.buffer);
  new Uint32Array(memory.buffer, GEAR_AT, 256).set(gearTable());
  const cut: GearCut = {
    heap,
    find: (at, to, hash, mask) => Reflect.apply(find, undefined, [at, to, hash, mask]) as number,
    lastHash: () => last.value as number,
  };
  // V8 runs a function with its baseline compiler until it has run enough for the optimizing one to
  // take it on in the background, and a call under way stays on the code it started with: start
  // that now, on short calls (a mask of all ones all but never matches), not on a file's first MiB.
  for (let i = 0; i < WARM_UP_CALLS; i++) cut.find(WINDOW_AT, WINDOW_AT + WARM_UP_BYTES, i, -1);
  return cut;
}

/** This thread's instance, made on first use: pushes run one at a time, so chunkers share it. */
let shared: GearCut | null | undefined = null;

function sharedGearCut(): GearCut | undefined {
  if (shared === null) shared = instantiateGearCut();
  return shared;
}

/**
 * Makes this thread's instance now, if not yet made, so that its compiling and warming up (~10 ms)
 * fall outside a file's first read.
 */
export function prepareFastChunker(): void {
  sharedGearCut();
}

/**
 * A streaming FastCDC chunker with the boundaries of `createChunker(options)`, its gear hash run by
 * this thread's instance of the gear-cut module; `createChunker`'s own where WebAssembly is missing
 * or refused.
 *
 * @throws RangeError for the sizes `createChunker` refuses.
 */
export function createFastChunker(options: ChunkerOptions = {}): Chunker {
  const cut = sharedGearCut();
  return cut === undefined ? createChunker(options) : createGearChunker(cut, options);
}

/**
 * A streaming FastCDC chunker with the boundaries of `createChunker(options)`, its gear hash run by
 * `cut`, which it shares with any other: a push uses the window only until it returns.
 *
 * @throws RangeError for the sizes `createChunker` refuses.
 */
export function createGearChunker(cut: GearCut, options: ChunkerOptions = {}): Chunker {
  const { min, avg, max, maskS, maskL } = chunkerSizes(options);
  const { heap, find, lastHash } = cut;
  // As in createChunker: the chunk index of the next byte, the hash so far, the chunk's offset.
  let pos = 0;
  let hash = 0;
  let start = 0;
  let ended = false;

  function push(bytes: Uint8Array): ChunkBoundary[] {
    if (ended) throw new Error('chunker: push after end');
    const out: ChunkBoundary[] = [];
    const len = bytes.length;
    // bytes[from, from + held) sit in the window from WINDOW_AT. Bytes a chunk skips (its first
    // min) are not copied unless they share a window with bytes that are hashed.
    let from = 0;
    let held = 0;
    let j = 0;
    while (j < len) {
      if (pos < min) {
        const skip = Math.min(min - pos, len - j);
        pos += skip;
        j += skip;
        if (pos === max) {
          out.push({ offset: start, length: pos });
          start += pos;
          pos = 0;
        }
        continue;
      }
      if (j >= from + held) {
        from = j;
        held = Math.min(WINDOW_BYTES, len - j);
        heap.set(bytes.subarray(from, from + held), WINDOW_AT);
      }
      const mask = pos < avg ? maskS : maskL;
      const phaseEnd = pos < avg ? avg : max;
      // The last byte this phase may hash within this window.
      const stop = Math.min(from + held, j + (phaseEnd - pos));
      const at = find(WINDOW_AT + j - from, WINDOW_AT + stop - from, hash, mask);
      if (at >= 0) {
        // The matching byte opens the next chunk, at index 0 < min: count it, do not hash it.
        pos += at - WINDOW_AT + from - j;
        out.push({ offset: start, length: pos });
        start += pos;
        pos = 1;
        hash = 0;
        j = at - WINDOW_AT + from + 1;
      } else {
        pos += stop - j;
        j = stop;
        hash = lastHash();
        if (pos === max) {
          out.push({ offset: start, length: pos });
          start += pos;
          pos = 0;
          hash = 0;
        }
      }
    }
    return out;
  }

  function end(): ChunkBoundary[] {
    if (ended) throw new Error('chunker: end called twice');
    ended = true;
    return pos > 0 ? [{ offset: start, length: pos }] : [];
  }

  return { push, end };
}
