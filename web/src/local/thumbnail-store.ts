// This device's thumbnails in Dexie, by the content hash of the version each shows. Kept apart from
// the chunk cache: they are small, never owed to anyone (the relay copy is a convenience), and trimmed
// by count, least recently shown first.
import type { ChunkHash } from '@sheaf/shared/ids';
import type { SheafDb, ThumbnailRow } from './db.js';

export type ThumbnailStore = {
  /** The stored thumbnail of `content`, marking it shown. */
  get(content: ChunkHash): Promise<ThumbnailRow | undefined>;
  /** Stores a thumbnail (replacing one of the same content), then trims the oldest beyond the limit. */
  put(row: ThumbnailRow): Promise<void>;
  /** The relay holds its bytes and the drive records it. */
  markSynced(content: ChunkHash): Promise<void>;
};

/** About 60 MB at the usual 10-20 kB each: a few thousand pictures' worth of browsing. */
export const MAX_THUMBNAILS = 4000;
/** A use is written back at most this often per thumbnail: a grid shown is not a burst of writes. */
const USE_GRANULARITY_MS = 60 * 60 * 1000;

export function createThumbnailStore(db: SheafDb, now: () => number, max = MAX_THUMBNAILS): ThumbnailStore {
  return {
    async get(content) {
      const row = await db.thumbnails.get(content);
      if (row === undefined) return undefined;
      const at = now();
      if (at - row.usedAt > USE_GRANULARITY_MS) await db.thumbnails.update(content, { usedAt: at });
      return row;
    },
    async put(row) {
      await db.transaction('rw', db.thumbnails, async () => {
        await db.thumbnails.put(row);
        const over = (await db.thumbnails.count()) - max;
        if (over > 0) {
          const oldest = await db.thumbnails.orderBy('usedAt').limit(over).primaryKeys();
          await db.thumbnails.bulkDelete(oldest);
        }
      });
    },
    async markSynced(content) {
      await db.thumbnails.update(content, { synced: 1 });
    },
  };
}
