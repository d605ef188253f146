// The app's own IndexedDB database (Dexie): the signed-in session, this device's identity, the
// chunk cache, the chunks still to send and pictures' thumbnails. Automerge keeps its documents in a
// separate database ('sheaf-automerge').
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

/**
 * What the cache knows of one stored chunk, kept apart from its bytes so that marking a use or a
 * state never rewrites the Blob. `held` and `evictableAt` are numbers: IndexedDB cannot index booleans.
 */
export type ChunkRefRow = {
  readonly hash: ChunkHash;
  readonly size: number;
  /** 1 once the relay is known to hold the chunk (a PUT succeeded, `missing` left it out, or it came from there). */
  readonly held: 0 | 1;
  /** Last read or write, for least-recently-used eviction. */
  readonly usedAt: number;
  /**
   * `usedAt`, present only while the chunk may be evicted (held and unpinned): a sparse index, so
   * that an eviction pass walks only candidates, oldest first.
   */
  readonly evictableAt?: number;
};

/** Files that keep a chunk on this device ("available offline"), counted; a row only while above 0. */
export type PinRow = { readonly hash: ChunkHash; readonly count: number };

/** Running totals kept in the same transactions as the rows they count, so no pass sums every row. */
export type TallyRow = { readonly id: 'chunks'; readonly bytes: number; readonly count: number };

/** A chunk stored here whose upload to the relay is still owed (saved while offline). */
export type OutboxRow = { readonly hash: ChunkHash; readonly size: number; readonly added: number };

/**
 * A picture's thumbnail, by the content hash of the version it shows: made here or fetched from the
 * relay (thumbnails.ts). `synced` is 1 once the relay holds its bytes and the drive records it.
 */
export type ThumbnailRow = {
  readonly content: ChunkHash;
  readonly hash: ChunkHash;
  readonly bytes: Blob;
  readonly width: number;
  readonly height: number;
  readonly mediaType: 'image/webp' | 'image/jpeg' | 'image/png';
  readonly synced: 0 | 1;
  /** Last shown, for trimming the least recently used once there are too many. */
  readonly usedAt: number;
};

export class SheafDb extends Dexie {
  declare session: EntityTable<SessionRow, 'id'>;
  declare device: EntityTable<DeviceRow, 'id'>;
  declare chunks: EntityTable<ChunkRow, 'hash'>;
  declare outbox: EntityTable<OutboxRow, 'hash'>;
  declare chunkRefs: EntityTable<ChunkRefRow, 'hash'>;
  declare pins: EntityTable<PinRow, 'hash'>;
  declare tallies: EntityTable<TallyRow, 'id'>;
  declare thumbnails: EntityTable<ThumbnailRow, 'content'>;

  constructor(name = 'sheaf') {
    super(name);
    this.version(1).stores({ session: 'id', device: 'id', chunks: 'hash' });
    // 2: the outbox, so that a file saved offline reaches the relay later.
    this.version(2).stores({ session: 'id', device: 'id', chunks: 'hash', outbox: 'hash, added' });
    // 3: the chunk cache's state (held by the relay, last use, pins) and its byte total, for eviction.
    // Chunks stored before are not known to be held: each is owed, oldest first, and the sender's
    // `missing` check settles it (an upload cut off before this version resumes that way too).
    this.version(3)
      .stores({
        session: 'id',
        device: 'id',
        chunks: 'hash',
        outbox: 'hash, added',
        chunkRefs: 'hash, evictableAt',
        pins: 'hash',
        tallies: 'id',
      })
      .upgrade(async (tx) => {
        const owed = new Set((await tx.table<OutboxRow, ChunkHash>('outbox').toCollection().primaryKeys()).map(String));
        const refs: ChunkRefRow[] = [];
        const debts: OutboxRow[] = [];
        let bytes = 0;
        const now = Date.now();
        await tx.table<ChunkRow, ChunkHash>('chunks').each((row) => {
          refs.push({ hash: row.hash, size: row.size, held: 0, usedAt: now });
          if (!owed.has(row.hash)) debts.push({ hash: row.hash, size: row.size, added: 0 });
          bytes += row.size;
        });
        await tx.table<ChunkRefRow, ChunkHash>('chunkRefs').bulkPut(refs);
        await tx.table<OutboxRow, ChunkHash>('outbox').bulkPut(debts);
        await tx.table<TallyRow, 'chunks'>('tallies').put({ id: 'chunks', bytes, count: refs.length });
      });
    // 4: thumbnails, apart from the chunk cache: small, kept by their own count, never owed.
    this.version(4).stores({ thumbnails: 'content, usedAt' });
  }
}
