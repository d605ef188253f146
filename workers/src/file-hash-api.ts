// What the file-hash worker offers the chunk worker through comlink: the SHA-256 of each chunk of a
// batch. The batch's buffer is transferred there and back, never copied.
import type { ChunkRange, DigestedChunks } from './file-hash.js';

export type FileHashApi = {
  /** Hashes each range of `buffer` alone and hands the buffer back with the hashes. */
  digestChunks(buffer: ArrayBuffer, ranges: readonly ChunkRange[]): Promise<DigestedChunks>;
};
