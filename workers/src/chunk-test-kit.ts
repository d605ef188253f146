// What the chunking tests share: seeded bytes, Web Crypto as the worker uses it, and an in-process
// chunker in place of the worker. Only test files import this.
import { toHex } from '@sheaf/shared/hex';
import type { ChunkerOptions } from '@sheaf/shared/chunking/fastcdc';
import { createFileChunker, type FileChunkerDeps } from './file-chunker.js';
import { digestsHere, sha256 } from './file-hash.js';
import type { ChunkApi } from './chunk-api.js';

/** Small chunk sizes, so that a few KiB make many chunks. */
export const SMALL: ChunkerOptions = { minBytes: 64, avgBytes: 256, maxBytes: 1024 };

export { seededBytes } from '@sheaf/shared/chunking/seeded-bytes';

export const sha256Hex = async (bytes: Uint8Array<ArrayBuffer>): Promise<string> =>
  toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));

export function testChunker(overrides: Partial<FileChunkerDeps> = {}): ChunkApi {
  return createFileChunker({
    chunkDigests: digestsHere(sha256),
    chunker: SMALL,
    ...overrides,
  });
}
