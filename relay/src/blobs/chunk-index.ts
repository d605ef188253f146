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
  readonly #ownedAmong: Statement<{ hashes: string; userId: string }, { hash: string }>;
  readonly #owns: Statement<{ hash: string; userId: string }, { found: number }>;

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
      'INSERT INTO chunk_owners (hash, user_id, created_at) VALUES (@hash, @userId, @at) ON CONFLICT DO NOTHING',
    );
    this.#recordChunk = db.transaction((hash: ChunkHash, size: number, userId: UserId) => {
      const at = this.#now();
      insertChunk.run({ hash, size, at });
      insertOwner.run({ hash, userId, at });
    });
    // json_each turns one bound JSON array into rows, so a batch of 10,000 hashes is one statement
    // and one primary-key probe per hash, not 10,000 round trips or a query text of 10,000 '?'.
    this.#ownedAmong = db.prepare(
      `SELECT o.hash AS hash
       FROM json_each(@hashes) AS h
       JOIN chunk_owners AS o ON o.hash = h.value AND o.user_id = @userId`,
    );
    this.#owns = db.prepare('SELECT 1 AS found FROM chunk_owners WHERE hash = @hash AND user_id = @userId');
  }

  /**
   * Records that `userId` holds a reference to the chunk `hash` of `size` bytes, adding the chunk
   * and the reference if they are new; one transaction, and repeating it changes nothing.
   */
  recordChunk(hash: ChunkHash, size: number, userId: UserId): void {
    this.#recordChunk(hash, size, userId);
  }

  /**
   * The hashes among `hashes` that `userId` holds no reference to, in the order given, each once.
   * Deliberately per user: a chunk another user uploaded still counts as missing, so the answer
   * cannot be used to probe for someone else's content, and the upload makes the reference.
   */
  missingFor(userId: UserId, hashes: readonly ChunkHash[]): ChunkHash[] {
    if (hashes.length === 0) return [];
    const owned = new Set(this.#ownedAmong.all({ hashes: JSON.stringify(hashes), userId }).map((row) => row.hash));
    const missing = new Set<ChunkHash>();
    for (const hash of hashes) if (!owned.has(hash)) missing.add(hash);
    return [...missing];
  }

  /** Whether `userId` may read the chunk `hash`: they hold a reference to it. */
  canRead(userId: UserId, hash: ChunkHash): boolean {
    return this.#owns.get({ hash, userId }) !== undefined;
  }
}
