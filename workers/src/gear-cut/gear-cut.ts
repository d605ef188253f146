// FastCDC boundaries found by the gear-cut module (gear-cut-wat.ts, compiled into
// gear-cut-module.generated.ts): the chunker of shared/src/chunking/fastcdc.ts, the same
// boundaries bit for bit, with its hot loop in WebAssembly and in interleaved chains: the shared
// chunker (createChunkerWith) keeps the sizes, masks and state between pushes and asks this scan
// where the hash next matches; the bytes to hash are copied into the module's fixed window (a
// memcpy, under 0.1 ms per MiB) and scanned there.
import {
  createChunker,
  createChunkerWith,
  gearTable,
  type GearScan,
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
 * `cut`, which it shares with any other: a scan uses the window only until it returns.
 *
 * @throws RangeError for the sizes `createChunker` refuses.
 */
export function createGearChunker(cut: GearCut, options: ChunkerOptions = {}): Chunker {
  return createChunkerWith(gearScan(cut), options);
}

/**
 * The gear scan run by `cut`: the bytes to hash are copied into its window (only those: a chunk's
 * skipped first bytes never are), a window at a time, the hash carried from one to the next.
 */
function gearScan(cut: GearCut): GearScan {
  const { heap, find, lastHash } = cut;
  return (bytes, from, to, hash, mask) => {
    let h = hash;
    for (let at = from; at < to; at += WINDOW_BYTES) {
      const end = Math.min(to, at + WINDOW_BYTES);
      heap.set(bytes.subarray(at, end), WINDOW_AT);
      const found = find(WINDOW_AT, WINDOW_AT + end - at, h, mask);
      if (found >= 0) return { at: found - WINDOW_AT + at, hash: 0 };
      h = lastHash();
    }
    return { at: -1, hash: h };
  };
}
