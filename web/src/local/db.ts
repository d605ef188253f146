// The app's own IndexedDB database (Dexie): the signed-in session, this device's identity, the
// chunk cache and the chunks still to send. Automerge keeps its documents in a separate database
// ('sheaf-automerge').
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
  /** Absent in rows saved before sign-ins were devices with refresh tokens. */
  readonly deviceId?: string | undefined;
  readonly refreshToken?: string | undefined;
};

/**
 * This device: its readable name ('this') and the stable part of its drive actor ids ('actor').
 * Both are made once per browser profile and parsed on the way out.
 */
export type DeviceRow = { readonly id: 'this' | 'actor'; readonly name?: string; readonly base?: string };

/** One chunk's bytes, kept as a Blob: IndexedDB writes Blobs faster than ArrayBuffers (MEASURED.md). */
export type ChunkRow = { readonly hash: ChunkHash; readonly bytes: Blob; readonly size: number };

/** A chunk stored here whose upload to the relay is still owed (saved while offline). */
export type OutboxRow = { readonly hash: ChunkHash; readonly size: number; readonly added: number };

export class SheafDb extends Dexie {
  declare session: EntityTable<SessionRow, 'id'>;
  declare device: EntityTable<DeviceRow, 'id'>;
  declare chunks: EntityTable<ChunkRow, 'hash'>;
  declare outbox: EntityTable<OutboxRow, 'hash'>;

  constructor(name = 'sheaf') {
    super(name);
    this.version(1).stores({ session: 'id', device: 'id', chunks: 'hash' });
    // 2: the outbox, so that a file saved offline reaches the relay later.
    this.version(2).stores({ session: 'id', device: 'id', chunks: 'hash', outbox: 'hash, added' });
  }
}
