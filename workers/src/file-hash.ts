// The two hashes the chunk worker takes over a file's bytes: each chunk's SHA-256 and the whole
// file's. Web Crypto has no streaming digest, so the whole file's is hash-wasm's (whose state can be
// saved, for resuming), taken on the chunk worker's thread as it cuts. The chunk digests go to a
// worker of its own (file-hash.worker.ts) a batch at a time, so the two passes run on two threads.
import { createSHA256 } from 'hash-wasm';

/** SHA-256 of one whole chunk. */
export type Sha256 = (bytes: Uint8Array<ArrayBuffer>) => Promise<Uint8Array>;

export const sha256: Sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));

/** hash-wasm's SHA-256 of one whole chunk, with a hasher of its own. */
export async function wasmSha256(): Promise<Sha256> {
  const hasher = await createSHA256();
  return (bytes) => {
    hasher.init();
    hasher.update(bytes);
    return Promise.resolve(hasher.digest('binary'));
  };
}

/** Where a chunk sits in its batch's buffer. */
export type ChunkRange = { readonly at: number; readonly size: number };

/** A batch's buffer, back from the hasher, and the SHA-256 of each range asked for, in order. */
export type DigestedChunks = { readonly buffer: ArrayBuffer; readonly hashes: readonly Uint8Array[] };

/**
 * Hashes each range of `buffer` alone. The buffer may travel to another thread and back: the one
 * passed in may be detached, the one given back holds the bytes.
 */
export type ChunkDigests = (buffer: ArrayBuffer, ranges: readonly ChunkRange[]) => Promise<DigestedChunks>;

/** Chunk digests taken on this thread with `digest`. */
export function digestsHere(digest: Sha256): ChunkDigests {
  return async (buffer, ranges) => {
    const hashes: Uint8Array[] = [];
    for (const { at, size } of ranges) hashes.push(await digest(new Uint8Array(buffer, at, size)));
    return { buffer, hashes };
  };
}

/** The whole file's SHA-256, fed chunk after chunk. */
export type WholeHash = {
  update(bytes: Uint8Array): void;
  /** The state after the bytes so far; must be asked for before `digest`. */
  save(): Uint8Array;
  /** SHA-256 of every byte given, and of what the state it was resumed from covered. */
  digest(): Uint8Array;
};

/** hash-wasm's streaming SHA-256, resumed from `state` when given. */
export async function wholeHash(state: Uint8Array | undefined): Promise<WholeHash> {
  const hasher = await createSHA256();
  hasher.init();
  if (state !== undefined) hasher.load(state);
  return {
    update: (bytes) => void hasher.update(bytes),
    save: () => hasher.save(),
    digest: () => hasher.digest('binary'),
  };
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * Whichever of `candidates` hashes `sample` fastest here (best of `rounds`, timed with `now`). Web
 * Crypto is the fastest where its SHA-256 uses the CPU's SHA instructions, but Debian's Chromium on
 * the 2-core VMs measured spent 5.7 ms of CPU per MiB in it against 4.0 in hash-wasm (its copy of
 * a chunk over ~1 MiB is a fresh mapping, page-faulted in each time). The digests are the same
 * either way: candidates that disagree are a bug, and throw.
 */
export async function fastestSha256(
  candidates: readonly Sha256[],
  sample: Uint8Array<ArrayBuffer>,
  now: () => number,
  rounds = 3,
): Promise<Sha256> {
  const best = candidates.map(() => Number.POSITIVE_INFINITY);
  let expected: Uint8Array | undefined;
  for (let round = 0; round < rounds; round++) {
    for (const [i, candidate] of candidates.entries()) {
      const started = now();
      const digest = await candidate(sample);
      best[i] = Math.min(best[i] ?? Number.POSITIVE_INFINITY, now() - started);
      expected ??= digest;
      if (!sameBytes(digest, expected)) throw new Error(`SHA-256 candidate ${i} disagrees with the others`);
    }
  }
  const fastest = candidates[best.indexOf(Math.min(...best))];
  if (fastest === undefined) throw new RangeError('no SHA-256 to choose from');
  return fastest;
}
