// The app's own IndexedDB database (Dexie): the signed-in session, this device's name and the
// chunk cache. Automerge keeps its documents in a separate database ('sheaf-automerge').
import { Dexie, type EntityTable } from 'dexie';
import type { ChunkHash } from '@sheaf/shared/ids';

/** Stored as written by session.ts, which parses it again on the way out. */
export type SessionRow = {
  readonly id: 'current';
  readonly token: string;
  readonly userId: string;
  readonly driveUrl: string;
  readonly rootFolderId: string;
  readonly email: string;
  readonly name: string;
  readonly deviceName: string;
};

export type DeviceRow = { readonly id: 'this'; readonly name: string };

/** One chunk's bytes, kept as a Blob: IndexedDB writes Blobs faster than ArrayBuffers (MEASURED.md). */
export type ChunkRow = { readonly hash: ChunkHash; readonly bytes: Blob; readonly size: number };

export class SheafDb extends Dexie {
  declare session: EntityTable<SessionRow, 'id'>;
  declare device: EntityTable<DeviceRow, 'id'>;
  declare chunks: EntityTable<ChunkRow, 'hash'>;

  constructor(name = 'sheaf') {
    super(name);
    this.version(1).stores({ session: 'id', device: 'id', chunks: 'hash' });
  }
}
