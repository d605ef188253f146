// Chunks kept on this device that the relay has not received yet: written by uploads before they
// send (local/chunk-store.ts, in the same transaction as the bytes), emptied as the relay comes to
// hold them, and sent by transfer/chunk-sender.ts when an upload could not (offline, or a tab
// closed mid-upload and reloaded).
import { ChunkHash } from '@sheaf/shared/ids';
import type { OutboxRow, SheafDb } from './db.js';

export type Outbox = {
  add(rows: ReadonlyArray<{ readonly hash: ChunkHash; readonly size: number }>): Promise<void>;
  /** The oldest owed chunks first, at most `limit`, leaving out those an upload of this page is sending. */
  oldest(limit: number): Promise<OutboxRow[]>;
  remove(hashes: readonly ChunkHash[]): Promise<void>;
  /** Owed chunks, leaving out those a live upload is sending. */
  count(): Promise<number>;
  /**
   * Marks `hashes` as being sent by a live upload of this page until the returned release is called,
   * so that the chunk sender does not send them a second time alongside it.
   */
  claim(hashes: readonly ChunkHash[]): () => void;
};

export function createOutbox(db: SheafDb, now: () => number): Outbox {
  // Per page, in memory: a claim ends with the upload that made it, and a reload ends them all.
  const claims = new Map<ChunkHash, number>();
  return {
    async add(rows) {
      if (rows.length === 0) return;
      const added = now();
      await db.outbox.bulkPut(rows.map(({ hash, size }) => ({ hash, size, added })));
    },
    async oldest(limit) {
      const rows = await db.outbox
        .orderBy('added')
        .filter((row) => !claims.has(row.hash))
        .limit(limit)
        .toArray();
      // Rows are parsed on the way out: a hash goes into a URL.
      return rows.filter((row) => ChunkHash.safeParse(row.hash).success && Number.isSafeInteger(row.size));
    },
    async remove(hashes) {
      await db.outbox.bulkDelete([...hashes]);
    },
    // What a live upload is sending is not waiting: it is not counted until that upload lets go of it.
    count: () => (claims.size === 0 ? db.outbox.count() : db.outbox.filter((row) => !claims.has(row.hash)).count()),
    claim(hashes) {
      const mine = [...new Set(hashes)];
      for (const hash of mine) claims.set(hash, (claims.get(hash) ?? 0) + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        for (const hash of mine) {
          const left = (claims.get(hash) ?? 1) - 1;
          if (left > 0) claims.set(hash, left);
          else claims.delete(hash);
        }
      };
    },
  };
}
