// The relay's bookkeeping of chunks in SQLite (`chunks`, `chunk_owners`): which chunks exist and
// which users hold a reference to each. Every read answers per user, so one user's questions never
// reveal what another user has uploaded.
import type { Statement } from 'better-sqlite3';
import type { ChunkHash, UserId } from '@sheaf/shared/ids';
import type { Db } from '../db/database.js';

/** Chunk and ownership records over the relay database. */
export class ChunkIndex {
  readonly #now: () => number;
  readonly #recordChunk: (hash: ChunkHash, size: number, userId: UserId) => void;
  readonly #recordChunks: (chunks: ReadonlyArray<{ hash: ChunkHash; size: number }>, userId: UserId) => void;
  readonly #touchChunk: Statement<{ hash: string; size: number; at: number }>;
  readonly #ownedAmong: Statement<{ hashes: string; userId: string }, { hash: ChunkHash }>;
  readonly #owns: Statement<{ hash: string; userId: string }, { found: number }>;
  readonly #claim: Statement<{ hashes: string; userId: string; at: number }>;
  readonly #releaseUnused: (userId: UserId, before: number, isLive: (hash: ChunkHash) => boolean) => number;
  readonly #orphans: Statement<{ before: number }, { hash: ChunkHash; size: number }>;
  readonly #forgetOrphan: Statement<{ hash: string }>;
  readonly #held: Statement<{ hash: string }, { found: number }>;
  readonly #sizes: Statement<{ hashes: string }, { hash: ChunkHash; size: number }>;
  readonly #holders: Statement<[], { user_id: UserId }>;

  /**
   * @param db an open relay database with the chunk schema applied.
   * @param now the clock, in milliseconds since the epoch, for `created_at`.
   */
  constructor(db: Db, now: () => number) {
    this.#now = now;
    const insertChunk = db.prepare<{ hash: string; size: number; at: number }>(
      'INSERT INTO chunks (hash, size, created_at) VALUES (@hash, @size, @at) ON CONFLICT (hash) DO NOTHING',
    );
    const insertOwner = db.prepare<{ hash: string; userId: string; at: number }>(
      `INSERT INTO chunk_owners (hash, user_id, created_at, claimed_at) VALUES (@hash, @userId, @at, @at)
       ON CONFLICT (hash, user_id) DO UPDATE SET claimed_at = excluded.claimed_at`,
    );
    this.#touchChunk = db.prepare(
      `INSERT INTO chunks (hash, size, created_at) VALUES (@hash, @size, @at)
       ON CONFLICT (hash) DO UPDATE SET created_at = excluded.created_at`,
    );
    this.#recordChunk = db.transaction((hash: ChunkHash, size: number, userId: UserId) => {
      const at = this.#now();
      insertChunk.run({ hash, size, at });
      insertOwner.run({ hash, userId, at });
    });
    this.#recordChunks = db.transaction((chunks: ReadonlyArray<{ hash: ChunkHash; size: number }>, userId: UserId) => {
      const at = this.#now();
      for (const { hash, size } of chunks) {
        insertChunk.run({ hash, size, at });
        insertOwner.run({ hash, userId, at });
      }
    });
    // json_each turns one bound JSON array into rows, so a batch of 10,000 hashes is one statement
    // and one primary-key probe per hash, not 10,000 round trips or a query text of 10,000 '?'.
    // CROSS JOIN fixes that order: without statistics SQLite preferred scanning all of the user's
    // references (chunk_owners_by_user) against the whole array, 1.4 s for 500 hashes among 20,000
    // references, against 2 ms probing.
    this.#ownedAmong = db.prepare(
      `SELECT o.hash AS hash
       FROM json_each(@hashes) AS h
       CROSS JOIN chunk_owners AS o ON o.hash = h.value AND o.user_id = @userId`,
    );
    this.#claim = db.prepare(
      `UPDATE chunk_owners SET claimed_at = @at
       WHERE user_id = @userId AND hash IN (SELECT value FROM json_each(@hashes))`,
    );
    const staleClaims = db.prepare<{ userId: string; before: number }, { hash: ChunkHash }>(
      'SELECT hash FROM chunk_owners WHERE user_id = @userId AND claimed_at < @before',
    );
    const release = db.prepare<{ hash: string; userId: string }>(
      'DELETE FROM chunk_owners WHERE hash = @hash AND user_id = @userId',
    );
    this.#releaseUnused = db.transaction((userId: UserId, before: number, isLive: (hash: ChunkHash) => boolean) => {
      let released = 0;
      for (const { hash } of staleClaims.all({ userId, before })) {
        if (isLive(hash)) continue;
        released += release.run({ hash, userId }).changes;
      }
      return released;
    });
    this.#orphans = db.prepare(
      `SELECT hash, size FROM chunks AS c
       WHERE c.created_at < @before AND NOT EXISTS (SELECT 1 FROM chunk_owners AS o WHERE o.hash = c.hash)`,
    );
    this.#forgetOrphan = db.prepare(
      'DELETE FROM chunks WHERE hash = @hash AND NOT EXISTS (SELECT 1 FROM chunk_owners AS o WHERE o.hash = @hash)',
    );
    this.#holders = db.prepare('SELECT DISTINCT user_id FROM chunk_owners');
    this.#sizes = db.prepare(
      'SELECT c.hash AS hash, c.size AS size FROM json_each(@hashes) AS h CROSS JOIN chunks AS c ON c.hash = h.value',
    );
    this.#held = db.prepare('SELECT 1 AS found FROM chunk_owners WHERE hash = @hash LIMIT 1');
    this.#owns = db.prepare('SELECT 1 AS found FROM chunk_owners WHERE hash = @hash AND user_id = @userId');
  }

  /**
   * Records that `userId` holds a reference to the chunk `hash` of `size` bytes, adding the chunk
   * and the reference if they are new; one transaction, and repeating it changes nothing.
   */
  recordChunk(hash: ChunkHash, size: number, userId: UserId): void {
    this.#recordChunk(hash, size, userId);
  }

  /** {@link recordChunk} for many chunks, in one transaction (one disk sync for a whole batch). */
  recordChunks(chunks: ReadonlyArray<{ hash: ChunkHash; size: number }>, userId: UserId): void {
    if (chunks.length > 0) this.#recordChunks(chunks, userId);
  }

  /**
   * Records a chunk stored before anyone owns it (an upload not yet verified whole), dated now: an
   * orphan the collector leaves alone for the grace period, and removes if the upload never finishes.
   */
  recordUnowned(hash: ChunkHash, size: number): void {
    this.#touchChunk.run({ hash, size, at: this.#now() });
  }

  /**
   * The hashes among `hashes` that `userId` holds no reference to, in the order given, each once.
   * Deliberately per user: a chunk another user uploaded still counts as missing, so the answer
   * cannot be used to probe for someone else's content, and the upload makes the reference.
   * The chunks answered as held are claimed again: the caller is about to reference them without
   * uploading, so the collector's grace period starts over for each.
   */
  missingFor(userId: UserId, hashes: readonly ChunkHash[]): ChunkHash[] {
    if (hashes.length === 0) return [];
    const owned = this.#owned(userId, hashes);
    if (owned.size > 0) this.#claim.run({ hashes: JSON.stringify([...owned]), userId, at: this.#now() });
    return [...new Set(hashes.filter((hash) => !owned.has(hash)))];
  }

  /** The hashes among `hashes` that `userId` may not read (holds no reference to), each once; reads only. */
  unreadableBy(userId: UserId, hashes: readonly ChunkHash[]): ChunkHash[] {
    if (hashes.length === 0) return [];
    const owned = this.#owned(userId, hashes);
    return [...new Set(hashes.filter((hash) => !owned.has(hash)))];
  }

  #owned(userId: UserId, hashes: readonly ChunkHash[]): Set<ChunkHash> {
    return new Set(this.#ownedAmong.all({ hashes: JSON.stringify(hashes), userId }).map((row) => row.hash));
  }

  /** Whether `userId` may read the chunk `hash`: they hold a reference to it. */
  canRead(userId: UserId, hash: ChunkHash): boolean {
    return this.#owns.get({ hash, userId }) !== undefined;
  }

  /**
   * Drops `userId`'s references that were last claimed before `before` and that `isLive` does not
   * keep; one transaction. Answers how many were dropped.
   */
  releaseUnused(userId: UserId, before: number, isLive: (hash: ChunkHash) => boolean): number {
    return this.#releaseUnused(userId, before, isLive);
  }

  /** Chunks nobody holds a reference to, recorded before `before`: the collector's candidates. */
  orphans(before: number): Array<{ hash: ChunkHash; size: number }> {
    return this.#orphans.all({ before });
  }

  /** The stored size of each of these chunks the relay holds. */
  sizesOf(hashes: readonly ChunkHash[]): Map<ChunkHash, number> {
    if (hashes.length === 0) return new Map();
    return new Map(this.#sizes.all({ hashes: JSON.stringify(hashes) }).map((row) => [row.hash, row.size]));
  }

  /** Every user holding a reference to some chunk. */
  holders(): UserId[] {
    return this.#holders.all().map((row) => row.user_id);
  }

  /** Whether anyone holds a reference to the chunk. */
  isHeld(hash: ChunkHash): boolean {
    return this.#held.get({ hash }) !== undefined;
  }

  /** Forgets an orphan chunk's record; false (and nothing changes) when someone holds it again. */
  forgetOrphan(hash: ChunkHash): boolean {
    return this.#forgetOrphan.run({ hash }).changes > 0;
  }
}
