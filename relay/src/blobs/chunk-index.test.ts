// ChunkIndex on a real SQLite file: recording is idempotent and answers are per user, so one user
// cannot learn from `missing` or `canRead` which chunks another user holds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChunkHash, UserId } from '@sheaf/shared/ids';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/database.js';
import { ChunkIndex } from './chunk-index.js';

const hashN = (n: number): ChunkHash => ChunkHash.parse(n.toString(16).padStart(64, '0'));
const alice = UserId.parse(`u_${'a'.repeat(32)}`);
const bob = UserId.parse(`u_${'b'.repeat(32)}`);

describe('ChunkIndex', () => {
  let dir: string;
  let db: Db;
  let clock: number;
  let index: ChunkIndex;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sheaf-chunk-index-'));
    db = openDatabase(join(dir, 'relay.sqlite'));
    const addUser = db.prepare(
      "INSERT INTO users (id, email, name, password_hash, drive_url, created_at) VALUES (?, ?, ?, 'x', 'automerge:1', 0)",
    );
    addUser.run(alice, 'alice@example.test', 'Alice');
    addUser.run(bob, 'bob@example.test', 'Bob');
    clock = 1_000;
    index = new ChunkIndex(db, () => clock);
  });
  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  const rows = (sql: string): unknown[] => db.prepare(sql).all();

  it('records a chunk and its owner once, stamped by the injected clock', () => {
    index.recordChunk(hashN(1), 42, alice);
    clock = 2_000;
    index.recordChunk(hashN(1), 42, alice);
    expect(rows('SELECT hash, size, created_at FROM chunks')).toStrictEqual([
      { hash: hashN(1), size: 42, created_at: 1_000 },
    ]);
    expect(rows('SELECT hash, user_id, created_at FROM chunk_owners')).toStrictEqual([
      { hash: hashN(1), user_id: alice, created_at: 1_000 },
    ]);
  });

  it('adds a second owner to a chunk that already exists', () => {
    index.recordChunk(hashN(1), 42, alice);
    clock = 2_000;
    index.recordChunk(hashN(1), 42, bob);
    expect(rows('SELECT count(*) AS n FROM chunks')).toStrictEqual([{ n: 1 }]);
    expect(rows('SELECT user_id, created_at FROM chunk_owners ORDER BY user_id')).toStrictEqual([
      { user_id: alice, created_at: 1_000 },
      { user_id: bob, created_at: 2_000 },
    ]);
  });

  it('rolls back the chunk row when the owner row fails', () => {
    const stranger = UserId.parse(`u_${'c'.repeat(32)}`);
    expect(() => index.recordChunk(hashN(1), 42, stranger)).toThrow(/FOREIGN KEY/);
    expect(rows('SELECT * FROM chunks')).toStrictEqual([]);
  });

  it('answers missing per user: a chunk only bob holds is still missing for alice', () => {
    index.recordChunk(hashN(1), 10, alice);
    index.recordChunk(hashN(2), 10, bob);
    expect(index.missingFor(alice, [hashN(1), hashN(2), hashN(3)])).toStrictEqual([hashN(2), hashN(3)]);
    expect(index.missingFor(bob, [hashN(1), hashN(2), hashN(3)])).toStrictEqual([hashN(1), hashN(3)]);
  });

  it('keeps the order given and reports a repeated hash once', () => {
    index.recordChunk(hashN(2), 10, alice);
    expect(index.missingFor(alice, [hashN(5), hashN(2), hashN(4), hashN(5)])).toStrictEqual([hashN(5), hashN(4)]);
    expect(index.missingFor(alice, [])).toStrictEqual([]);
  });

  it('answers a batch of 10,000 hashes in one go', () => {
    const hashes = Array.from({ length: 10_000 }, (_, i) => hashN(i));
    // One outer transaction only to keep the setup fast; recordChunk nests as a savepoint.
    db.transaction(() => {
      for (let i = 0; i < 10_000; i += 2) index.recordChunk(hashN(i), 1, alice);
    })();
    const missing = index.missingFor(alice, hashes);
    expect(missing).toHaveLength(5_000);
    expect(missing.every((h) => parseInt(h, 16) % 2 === 1)).toBe(true);
  });

  it('lets only owners read a chunk', () => {
    index.recordChunk(hashN(1), 10, alice);
    expect(index.canRead(alice, hashN(1))).toBe(true);
    expect(index.canRead(bob, hashN(1))).toBe(false);
    expect(index.canRead(alice, hashN(2))).toBe(false);
  });
});
