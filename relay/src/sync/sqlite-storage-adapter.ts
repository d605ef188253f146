// automerge-repo's storage port on the relay's SQLite file: the `automerge_chunks` table, one row per
// storage key. Owns the encoding of a key array into one TEXT column such that "every key starting
// with this prefix" is a single primary-key range scan.
import type { Chunk, StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database.js';

// Parts are joined with '/', and '%' and '/' inside a part are percent-escaped, so the joined text
// splits back into exactly the original parts. Because no escaped part contains '/', the keys under
// a prefix P are P itself plus the text range ['P/', 'P0'): '0' is the character right after '/'.
// Comparisons are SQLite's BINARY collation (bytes of UTF-8), which orders those bounds the same way.
const SEPARATOR = '/';
const AFTER_SEPARATOR = '0';

const escapePart = (part: string): string => part.replace(/[%/]/g, (c) => (c === '%' ? '%25' : '%2F'));
const unescapePart = (part: string): string => part.replace(/%(25|2F)/g, (m) => (m === '%25' ? '%' : '/'));

/** The stored form of a key; exported for tests of the encoding. */
export function encodeStorageKey(key: StorageKey): string {
  // [] and [''] would both join to '': an empty key names nothing, so it is a caller's bug.
  if (key.length === 0) throw new RangeError('a storage key needs at least one part');
  return key.map(escapePart).join(SEPARATOR);
}

/** The key array back from its stored form. */
export function decodeStorageKey(stored: string): StorageKey {
  return stored.split(SEPARATOR).map(unescapePart);
}

type Bounds = { exact: string; from: string; to: string };
type Row = { key: string; data: Buffer };

/** A copy that is a plain Uint8Array: callers compare and keep values without aliasing a Buffer. */
const toBytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer);
/** A Buffer view (no copy) of the caller's bytes, which is what better-sqlite3 binds as a BLOB. */
const toBlob = (data: Uint8Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/**
 * automerge-repo's {@link StorageAdapterInterface} backed by the `automerge_chunks` table.
 * Each call is one statement, so each is atomic; `loadRange` answers in first-saved order.
 */
export class SqliteStorageAdapter implements StorageAdapterInterface {
  readonly #load: Statement<[string], Pick<Row, 'data'>>;
  readonly #save: Statement<[string, Buffer]>;
  readonly #remove: Statement<[string]>;
  readonly #loadRange: Statement<Bounds, Row>;
  readonly #removeRange: Statement<Bounds>;
  readonly #loadAll: Statement<[], Row>;
  readonly #removeAll: Statement<[]>;

  /** @param db an open relay database with the `automerge_chunks` schema applied. */
  constructor(db: Db) {
    const underPrefix = 'key = @exact OR (key >= @from AND key < @to)';
    this.#load = db.prepare('SELECT data FROM automerge_chunks WHERE key = ?');
    // An overwrite keeps the key's first `seq`, the way a Map keeps a key's first position.
    this.#save = db.prepare(
      `INSERT INTO automerge_chunks (key, data, seq)
       VALUES (?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM automerge_chunks))
       ON CONFLICT (key) DO UPDATE SET data = excluded.data`,
    );
    this.#remove = db.prepare('DELETE FROM automerge_chunks WHERE key = ?');
    this.#loadRange = db.prepare(`SELECT key, data FROM automerge_chunks WHERE ${underPrefix} ORDER BY seq`);
    this.#removeRange = db.prepare(`DELETE FROM automerge_chunks WHERE ${underPrefix}`);
    this.#loadAll = db.prepare('SELECT key, data FROM automerge_chunks ORDER BY seq');
    this.#removeAll = db.prepare('DELETE FROM automerge_chunks');
  }

  /** The value saved under exactly `key`, or undefined. */
  load(key: StorageKey): Promise<Uint8Array | undefined> {
    return attempt(() => {
      const row = this.#load.get(encodeStorageKey(key));
      return row === undefined ? undefined : toBytes(row.data);
    });
  }

  /** Saves `data` under `key`, replacing any earlier value. */
  save(key: StorageKey, data: Uint8Array): Promise<void> {
    return attempt(() => {
      this.#save.run(encodeStorageKey(key), toBlob(data));
    });
  }

  /** Removes the value under exactly `key`; keys that merely start with it stay. */
  remove(key: StorageKey): Promise<void> {
    return attempt(() => {
      this.#remove.run(encodeStorageKey(key));
    });
  }

  /** Every value whose key starts with the parts of `keyPrefix` (whole parts: ['a'] is not a prefix of ['ab']). */
  loadRange(keyPrefix: StorageKey): Promise<Chunk[]> {
    return attempt(() => {
      const rows = keyPrefix.length === 0 ? this.#loadAll.all() : this.#loadRange.all(bounds(keyPrefix));
      return rows.map((row) => ({ key: decodeStorageKey(row.key), data: toBytes(row.data) }));
    });
  }

  /** Removes every value whose key starts with `keyPrefix`, in one statement. */
  removeRange(keyPrefix: StorageKey): Promise<void> {
    return attempt(() => {
      if (keyPrefix.length === 0) this.#removeAll.run();
      else this.#removeRange.run(bounds(keyPrefix));
    });
  }
}

function bounds(keyPrefix: StorageKey): Bounds {
  const exact = encodeStorageKey(keyPrefix);
  return { exact, from: exact + SEPARATOR, to: exact + AFTER_SEPARATOR };
}

/** Runs synchronous SQLite work, turning a throw into a rejection as an async interface promises. */
function attempt<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
