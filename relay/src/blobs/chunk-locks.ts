// One lock per chunk hash, held by an upload while it stores and records a chunk and by the collector
// while it checks and deletes one. Without it, an upload could find the blob present (and skip writing
// it) just before the collector unlinks it, then record a reference to bytes that are gone.
import type { ChunkHash } from '@sheaf/shared/ids';

export type ChunkLocks = {
  /** Runs `work` once no other holder of `hash` is running, and keeps others out until it settles. */
  with<T>(hash: ChunkHash, work: () => Promise<T>): Promise<T>;
  /**
   * Runs `work` holding the lock of every hash in `hashes`. They are taken one by one in sorted
   * order, so two holders of overlapping sets always queue rather than each waiting for the other.
   */
  withAll<T>(hashes: Iterable<ChunkHash>, work: () => Promise<T>): Promise<T>;
};

export function createChunkLocks(): ChunkLocks {
  const tails = new Map<ChunkHash, Promise<unknown>>();
  const locks: ChunkLocks = {
    withAll(hashes, work) {
      const sorted = [...new Set(hashes)].sort();
      const from = <T>(i: number, last: () => Promise<T>): Promise<T> => {
        const hash = sorted[i];
        return hash === undefined ? last() : locks.with(hash, () => from(i + 1, last));
      };
      return from(0, work);
    },
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
  return locks;
}
