// One lock per chunk hash, held by an upload while it stores and records a chunk and by the collector
// while it checks and deletes one. Without it, an upload could find the blob present (and skip writing
// it) just before the collector unlinks it, then record a reference to bytes that are gone.
import type { ChunkHash } from '@sheaf/shared/ids';

export type ChunkLocks = {
  /** Runs `work` once no other holder of `hash` is running, and keeps others out until it settles. */
  with<T>(hash: ChunkHash, work: () => Promise<T>): Promise<T>;
};

export function createChunkLocks(): ChunkLocks {
  const tails = new Map<ChunkHash, Promise<unknown>>();
  return {
    async with(hash, work) {
      const before = tails.get(hash) ?? Promise.resolve();
      const mine = before.then(work, work);
      // The chain continues whether `work` succeeds or fails; only the last holder clears the entry.
      const tail = mine.catch(() => undefined);
      tails.set(hash, tail);
      try {
        return await mine;
      } finally {
        if (tails.get(hash) === tail) tails.delete(hash);
      }
    },
  };
}
