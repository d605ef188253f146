// The two hashes taken over a file's bytes: each chunk's SHA-256 and the whole file's. Web Crypto
// has no streaming digest, so the whole file's is hash-wasm's (whose state can be saved, for
// resuming). Chunks are digested a batch's worth at a time, so that a multi-buffer SHA-256 can take
// four at once (sha256-lanes/). Both run in the file-hash worker (file-hash.worker.ts) behind
// `createFileHasher`, which the chunk worker hands each batch once it has cut it and digested its
// share of the chunks itself; hash-balance.ts says how large a share.
import { createSHA256 } from 'hash-wasm';
import type { BatchToHash, FileHashApi, HashedBatch } from './file-hash-api.js';
import { createLaneSha256, type ByteRange } from './sha256-lanes/sha256x4.js';

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
export type ChunkRange = ByteRange;

/** The SHA-256 of each of a batch's chunks alone, in the order asked. */
export type ChunkDigests = (buffer: ArrayBuffer, ranges: readonly ChunkRange[]) => Promise<Uint8Array[]>;

/** Chunk after chunk, each with `digest`. */
export function oneByOne(digest: Sha256): ChunkDigests {
  return async (buffer, ranges) => {
    const hashes: Uint8Array[] = [];
    for (const { at, size } of ranges) hashes.push(await digest(new Uint8Array(buffer, at, size)));
    return hashes;
  };
}

/**
 * The multi-buffer SHA-256 in WebAssembly SIMD, four chunks at a time (2x hash-wasm's rate over a
 * batch's chunks on the 2-core VMs measured); undefined where the browser has no SIMD.
 */
export function laneDigests(): ChunkDigests | undefined {
  const lanes = createLaneSha256();
  return lanes && ((buffer, ranges) => Promise.resolve(lanes.digest(new Uint8Array(buffer), ranges)));
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

/** Chunks to time the candidates on: `ranges` of `buffer`. */
export type DigestSample = { readonly buffer: ArrayBuffer; readonly ranges: readonly ChunkRange[] };

/**
 * Whichever of `candidates` digests `sample` fastest here (best of `rounds`, timed with `now`). Web
 * Crypto is the fastest where its SHA-256 uses the CPU's SHA instructions and its chunks fit its
 * allocator, but Debian's Chromium on the 2-core VMs measured spent 5.7 ms of CPU per MiB in it on
 * chunks over ~1 MiB, against 4.0 in hash-wasm and about 1.6 in the four-lane SHA-256 (its copy of
 * a large chunk is a fresh mapping, page-faulted in each time). The digests are the same whichever
 * is taken: candidates that disagree are a bug, and throw.
 */
export async function fastestSha256(
  candidates: readonly ChunkDigests[],
  sample: DigestSample,
  now: () => number,
  rounds = 3,
): Promise<ChunkDigests> {
  const best = candidates.map(() => Number.POSITIVE_INFINITY);
  let expected: readonly Uint8Array[] | undefined;
  for (let round = 0; round < rounds; round++) {
    for (const [i, candidate] of candidates.entries()) {
      const started = now();
      const digests = await candidate(sample.buffer, sample.ranges);
      best[i] = Math.min(best[i] ?? Number.POSITIVE_INFINITY, now() - started);
      expected ??= digests;
      const agree = digests.length === expected.length && digests.every((d, j) => sameBytes(d, expected?.[j] ?? d));
      if (!agree) throw new Error(`SHA-256 candidate ${i} disagrees with the others`);
    }
  }
  const fastest = candidates[best.indexOf(Math.min(...best))];
  if (fastest === undefined) throw new RangeError('no SHA-256 to choose from');
  return fastest;
}

/**
 * The largest chunk Chromium's Web Crypto was measured fast on, 1,100-1,300 MB/s on the 2-core VMs:
 * it copies its input, from PartitionAlloc's buckets up to here and into a fresh mapping, faulted
 * in each call (200-240 MB/s), from ~960 KiB. FastCDC's chunks are mostly above it, not all.
 */
export const SMALL_CHUNK_BYTES = 896 * 1024;
/**
 * Samples of chunks either side of SMALL_CHUNK_BYTES (the smallest chunks are 256 KiB, the average
 * 1 MiB), four of them to fill the lanes.
 */
const SAMPLE_CHUNKS = 4;
const SMALL_SAMPLE_BYTES = 512 * 1024;
const LARGE_SAMPLE_BYTES = 1024 * 1024;

const sampleOf = (buffer: ArrayBuffer, size: number): DigestSample => ({
  buffer,
  ranges: Array.from({ length: SAMPLE_CHUNKS }, (_, i) => ({ at: i * size, size })),
});

/**
 * The fastest of `candidates` for chunks up to SMALL_CHUNK_BYTES and the fastest for larger ones,
 * each timed on a sample of its sizes: where one is fastest at both, it is taken as it is. A batch's
 * chunks are then split by size between the two, and their digests put back in order.
 */
export async function fastestSha256BySize(
  candidates: readonly ChunkDigests[],
  now: () => number,
  rounds = 3,
): Promise<ChunkDigests> {
  const buffer = new ArrayBuffer(SAMPLE_CHUNKS * LARGE_SAMPLE_BYTES);
  const small = await fastestSha256(candidates, sampleOf(buffer, SMALL_SAMPLE_BYTES), now, rounds);
  const large = await fastestSha256(candidates, sampleOf(buffer, LARGE_SAMPLE_BYTES), now, rounds);
  if (small === large) return small;
  const isSmall = ({ size }: ChunkRange): boolean => size <= SMALL_CHUNK_BYTES;
  return async (batch, ranges) => {
    const smallOnes = await small(batch, ranges.filter(isSmall));
    const largeOnes = await large(
      batch,
      ranges.filter((range) => !isSmall(range)),
    );
    let s = 0;
    let l = 0;
    return ranges.map((range) => {
      const digest = isSmall(range) ? smallOnes[s++] : largeOnes[l++];
      if (digest === undefined) throw new Error('a SHA-256 gave fewer digests than chunks');
      return digest;
    });
  };
}

/**
 * What the chunk and file-hash workers digest chunks with: the fastest here, for each size, of Web
 * Crypto and the four-lane SHA-256 (or hash-wasm, where there is no WebAssembly SIMD).
 */
export async function chunkDigests(now: () => number): Promise<ChunkDigests> {
  const inWasm = laneDigests() ?? oneByOne(await wasmSha256());
  return fastestSha256BySize([oneByOne(sha256), inWasm], now);
}

export type FileHasherDeps = {
  /** The chunk digests; awaited on the first batch, so that choosing them can go on meanwhile. */
  readonly digest: ChunkDigests | Promise<ChunkDigests>;
  readonly wholeHash?: (state: Uint8Array | undefined) => Promise<WholeHash>;
  /** The clock the costs are timed with: `performance.now` in a worker. */
  readonly now: () => number;
};

/** The file-hash worker's work, on whichever thread calls it; `reads` counts the whole hashes held. */
export type FileHasher = FileHashApi & { readonly reads: () => number };

type Whole = { readonly hash: WholeHash; /** File offset of the next byte it expects. */ fed: number };

export function createFileHasher(deps: FileHasherDeps): FileHasher {
  const { now } = deps;
  const wholeOf = deps.wholeHash ?? wholeHash;
  const wholes = new Map<number, Whole>();

  /** The whole hash's part of a batch, all of it before the first await: see FileHashApi.hashBatch. */
  function feed(buffer: ArrayBuffer, batch: BatchToHash): Pick<HashedBatch, 'hashState' | 'sha256'> {
    if (batch.read === undefined) return {};
    const whole = wholes.get(batch.read);
    if (whole === undefined) throw new Error(`no whole hash for read ${batch.read}: it ended or was dropped`);
    // Batches out of order would give a wrong hash that nothing downstream could tell from a right one.
    if (whole.fed !== batch.at) throw new Error(`read ${batch.read}: batch at ${batch.at}, hash at ${whole.fed}`);
    whole.hash.update(new Uint8Array(buffer, 0, batch.wholeBytes));
    whole.fed += batch.wholeBytes;
    // The state first: a hasher cannot be saved once it has given its digest.
    const hashState = whole.hash.save();
    if (!batch.last) return { hashState };
    wholes.delete(batch.read);
    return { hashState, sha256: whole.hash.digest() };
  }

  return {
    reads: () => wholes.size,

    async startWhole(read, at, state) {
      if (wholes.has(read)) throw new Error(`read ${read} has a whole hash already`);
      const hash = await wholeOf(state);
      wholes.set(read, { hash, fed: at });
    },

    async hashBatch(buffer, batch) {
      const wholeStarted = now();
      const whole = feed(buffer, batch);
      const digestStarted = now();
      const hashes = batch.ranges.length === 0 ? [] : await (await deps.digest)(buffer, batch.ranges);
      const cost = {
        wholeMs: digestStarted - wholeStarted,
        wholeBytes: batch.read === undefined ? 0 : batch.wholeBytes,
        digestMs: now() - digestStarted,
        digestBytes: batch.ranges.reduce((sum, { size }) => sum + size, 0),
      };
      return { buffer, hashes, ...whole, cost };
    },

    dropWhole(read) {
      wholes.delete(read);
      return Promise.resolve();
    },
  };
}
