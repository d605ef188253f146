// What the chunking tests share: seeded bytes, the SHA-256s the workers use, and an in-process
// chunker in place of the worker, its file-hash worker a FileHasher on the same thread. Only test
// files import this.
import { toHex } from '@sheaf/shared/hex';
import type { ChunkerOptions } from '@sheaf/shared/chunking/fastcdc';
import { createFileChunker, type FileChunkerDeps } from './file-chunker.js';
import { createFileHasher, laneDigests, oneByOne, sha256, type ChunkDigests } from './file-hash.js';
import type { HashSplit } from './hash-balance.js';
import type { ChunkApi } from './chunk-api.js';

/** Small chunk sizes, so that a few KiB make many chunks. */
export const SMALL: ChunkerOptions = { minBytes: 64, avgBytes: 256, maxBytes: 1024 };

export { seededBytes } from '@sheaf/shared/chunking/seeded-bytes';

export const sha256Hex = async (bytes: Uint8Array<ArrayBuffer>): Promise<string> =>
  toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));

/** Web Crypto chunk after chunk, which in Node is node:crypto's SHA-256. */
export const webCryptoDigests: ChunkDigests = oneByOne(sha256);

/** The four-lane SHA-256, which Node 20 has the WebAssembly SIMD for. */
export function lanesOrThrow(): ChunkDigests {
  const lanes = laneDigests();
  if (lanes === undefined) throw new Error('no WebAssembly SIMD');
  return lanes;
}

/** A split that digests the first `chunks(batch)` chunks of each batch here (batches counted from 0), whatever they cost. */
export function fixedSplit(chunks: (batch: number) => number): HashSplit {
  let batches = 0;
  return {
    batch() {
      const k = chunks(batches++);
      let seen = 0;
      return { here: () => seen++ < k, end: () => undefined };
    },
    cut: () => undefined,
    local: () => undefined,
    remote: () => undefined,
  };
}

export function testChunker(overrides: Partial<FileChunkerDeps> = {}): ChunkApi {
  return createFileChunker({
    // The four-lane SHA-256 here and Web Crypto there, so that every test checks the two agree.
    hasher: createFileHasher({ digest: webCryptoDigests, now: () => 0 }),
    digest: lanesOrThrow(),
    // Some here, the rest there: both ways of digesting in every test, and the same split every run.
    split: fixedSplit((batch) => batch % 4),
    now: () => 0,
    chunker: SMALL,
    ...overrides,
  });
}
