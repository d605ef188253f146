// One lock per chunk hash, held by an upload while it stores and records a chunk and by the collector
// while it checks and deletes one. Without it, an upload could find the blob present (and skip writing
// it) just before the collector unlinks it, then record a reference to bytes that are gone.
import type { ChunkHash } from '@sheaf/shared/ids';

export type ChunkLocks = {
  /** Runs `work` once no other holder of `hash` is running, and keeps others out until it settles. */
  with<T>(hash: ChunkHash, work: () => Promise<T>): Promise<T>;
  /**
   * Runs `work` holding the lock of every hash in `hashes`. All of them are queued for at once, in
   * one synchronous step, so two holders of overlapping sets always queue in the order they asked
   * (each hash's queue is first come, first served) rather than each waiting for the other.
   */
  withAll<T>(hashes: Iterable<ChunkHash>, work: () => Promise<T>): Promise<T>;
};

export function createChunkLocks(): ChunkLocks {
  /** The last holder queued for each hash; settles (never rejects) when that holder is done. */
  const tails = new Map<ChunkHash, Promise<unknown>>();
  const locks: ChunkLocks = {
    async withAll(hashes, work) {
      const mine = [...new Set(hashes)];
      const before: Array<Promise<unknown>> = [];
      for (const hash of mine) {
        const tail = tails.get(hash);
        if (tail !== undefined) before.push(tail);
      }
      // One promise for the whole set (a batch holds 256 hashes), not one chained per hash.
      const run = (before.length === 0 ? Promise.resolve() : Promise.all(before)).then(work);
      const tail = run.catch(() => undefined);
      for (const hash of mine) tails.set(hash, tail);
      try {
        return await run;
      } finally {
        // Only the last holder of a hash clears its entry.
        for (const hash of mine) if (tails.get(hash) === tail) tails.delete(hash);
      }
    },
    with(hash, work) {
      return locks.withAll([hash], work);
    },
  };
  return locks;
}
