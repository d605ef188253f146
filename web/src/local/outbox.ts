// Chunks kept on this device that the relay has not received yet: written when a file is saved
// offline (or the relay is unreachable), emptied by transfer/chunk-sender.ts once it is back.
import { ChunkHash } from '@sheaf/shared/ids';
import type { OutboxRow, SheafDb } from './db.js';

export type Outbox = {
  add(rows: ReadonlyArray<{ readonly hash: ChunkHash; readonly size: number }>): Promise<void>;
  /** The oldest owed chunks first, at most `limit`. */
  oldest(limit: number): Promise<OutboxRow[]>;
  remove(hashes: readonly ChunkHash[]): Promise<void>;
  count(): Promise<number>;
};

export function createOutbox(db: SheafDb, now: () => number): Outbox {
  return {
    async add(rows) {
      if (rows.length === 0) return;
      const added = now();
      await db.outbox.bulkPut(rows.map(({ hash, size }) => ({ hash, size, added })));
    },
    async oldest(limit) {
      const rows = await db.outbox.orderBy('added').limit(limit).toArray();
      // Rows are parsed on the way out: a hash goes into a URL.
      return rows.filter((row) => ChunkHash.safeParse(row.hash).success && Number.isSafeInteger(row.size));
    },
    async remove(hashes) {
      await db.outbox.bulkDelete([...hashes]);
    },
    count: () => db.outbox.count(),
  };
}
