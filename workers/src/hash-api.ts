// What the hash worker offers through comlink; shared by the worker and the pool that calls it.
import type { ChunkHash } from '@sheaf/shared/ids';

/** One hashed chunk. `bytes` is transferred back, not copied, so the caller can store and upload it. */
export type HashedChunk = {
  readonly hash: ChunkHash;
  readonly size: number;
  readonly bytes: ArrayBuffer;
};

export type HashApi = {
  /**
   * SHA-256 of `blob[start, end)`. The worker reads the slice itself, so the bytes never pass
   * through the main thread on the way in.
   */
  hashRange(blob: Blob, start: number, end: number): Promise<HashedChunk>;
  /** SHA-256 of a buffer the caller transfers in (downloads to verify, benchmarks). */
  hashBuffer(buffer: ArrayBuffer): Promise<HashedChunk>;
};
