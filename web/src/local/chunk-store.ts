// This device's copy of chunk bytes, by hash: uploads write here before sending, downloads read
// here before asking the relay. Content-addressed, so a put of an existing hash changes nothing.
import type { ChunkHash } from '@sheaf/shared/ids';
import type { ChunkRow, SheafDb } from './db.js';

export type ChunkStore = {
  /** Stores chunks in one transaction: batched Blob writes are the fastest IndexedDB path here. */
  putMany(rows: readonly ChunkRow[]): Promise<void>;
  get(hash: ChunkHash): Promise<Blob | undefined>;
};

export function createChunkStore(db: SheafDb): ChunkStore {
  return {
    async putMany(rows) {
      if (rows.length === 0) return;
      await db.chunks.bulkPut([...rows]);
    },
    async get(hash) {
      const row = await db.chunks.get(hash);
      return row?.bytes;
    },
  };
}
