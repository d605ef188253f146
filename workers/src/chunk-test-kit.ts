// What the chunking tests share: seeded bytes, Web Crypto as the worker uses it, and an in-process
// chunker in place of the worker, its file-hash worker a FileHasher on the same thread. Only test
// files import this.
import { toHex } from '@sheaf/shared/hex';
import type { ChunkerOptions } from '@sheaf/shared/chunking/fastcdc';
import { createFileChunker, type FileChunkerDeps } from './file-chunker.js';
import { createFileHasher, sha256 } from './file-hash.js';
import type { HashSplit } from './hash-balance.js';
import type { ChunkApi } from './chunk-api.js';

/** Small chunk sizes, so that a few KiB make many chunks. */
export const SMALL: ChunkerOptions = { minBytes: 64, avgBytes: 256, maxBytes: 1024 };

export { seededBytes } from '@sheaf/shared/chunking/seeded-bytes';

export const sha256Hex = async (bytes: Uint8Array<ArrayBuffer>): Promise<string> =>
  toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));

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
    hasher: createFileHasher({ digest: sha256, now: () => 0 }),
    digest: sha256,
    // Some here, the rest there: both ways of digesting in every test, and the same split every run.
    split: fixedSplit((batch) => batch % 4),
    now: () => 0,
    chunker: SMALL,
    ...overrides,
  });
}
