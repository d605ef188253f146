// Frees the bytes nothing needs any more. Two steps, each safe to stop at any point:
//   1. per user, drop the references to chunks that no retained version in their drive uses (a purge,
//      an emptied trash, the drive's retention rule), unless claimed within the grace period;
//   2. delete the chunks nobody references, recorded before the grace period.
// A user whose drive cannot be read is skipped whole: when unsure, nothing is removed.
import type { Logger } from 'pino';
import type { ChunkHash, UserId } from '@sheaf/shared/ids';
import type { Clock } from '../clock.js';
import type { BlobStore } from './blob-store.js';
import type { ChunkIndex } from './chunk-index.js';
import type { ChunkLocks } from './chunk-locks.js';

export type CollectReport = {
  /** Users whose references were checked against their drive. */
  readonly users: number;
  /** Users skipped because their drive could not be read. */
  readonly skipped: number;
  /** References dropped. */
  readonly released: number;
  /** Chunks deleted from the blob store, and their bytes. */
  readonly deleted: number;
  readonly freedBytes: number;
};

export type ChunkCollectorDeps = {
  readonly chunkIndex: ChunkIndex;
  readonly blobs: BlobStore;
  readonly locks: ChunkLocks;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a claimed or new chunk is kept even when nothing references it. */
  readonly graceMs: number;
  /** The chunks a user's retained versions reference; undefined when their drive cannot be read. */
  readonly liveChunks: (user: UserId) => Promise<ReadonlySet<ChunkHash> | undefined>;
};

export type ChunkCollector = {
  /** One pass; a call while a pass runs shares that pass. */
  collect(): Promise<CollectReport>;
};

export function createChunkCollector(deps: ChunkCollectorDeps): ChunkCollector {
  const { chunkIndex, blobs, locks, clock, logger, graceMs } = deps;
  let running: Promise<CollectReport> | undefined;

  const pass = async (): Promise<CollectReport> => {
    let users = 0;
    let skipped = 0;
    let released = 0;
    for (const user of chunkIndex.holders()) {
      const live = await deps.liveChunks(user);
      if (live === undefined) {
        skipped += 1;
        logger.warn({ user }, 'chunk collection skipped a user whose drive could not be read');
        continue;
      }
      users += 1;
      // The cutoff is taken after the drive was read: a claim made while it was read is younger.
      released += chunkIndex.releaseUnused(user, clock.now() - graceMs, (hash) => live.has(hash));
    }
    let deleted = 0;
    let freedBytes = 0;
    for (const { hash, size } of chunkIndex.orphans(clock.now() - graceMs)) {
      const gone = await locks.with(hash, async () => {
        // An upload may have claimed it since the list was read; uploads hold this lock to do so.
        if (chunkIndex.isHeld(hash)) return false;
        // Bytes first, record second: a crash in between leaves a record without bytes, which no
        // one can read (nobody holds it) and the next pass forgets.
        await blobs.delete(hash);
        return chunkIndex.forgetOrphan(hash);
      });
      if (gone) {
        deleted += 1;
        freedBytes += size;
      }
    }
    const report = { users, skipped, released, deleted, freedBytes };
    logger.info(report, 'chunk collection done');
    return report;
  };

  return {
    collect() {
      running ??= pass().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}
