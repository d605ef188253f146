// The SQLite storage adapter against automerge-repo's own adapter suite, on a real database file,
// plus what that suite does not cover: durability across reopening and whole-part prefixes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Repo } from '@automerge/automerge-repo';
import { runStorageAdapterTests } from '@automerge/automerge-repo/helpers/tests/storage-adapter-tests.js';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/database.js';
import { SqliteStorageAdapter, decodeStorageKey, encodeStorageKey } from './sqlite-storage-adapter.js';

async function freshDatabase(): Promise<{ file: string; db: Db; teardown: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sheaf-automerge-'));
  const file = join(dir, 'relay.sqlite');
  const db = openDatabase(file);
  const teardown = async (): Promise<void> => {
    if (db.open) db.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { file, db, teardown };
}

runStorageAdapterTests(async () => {
  const { db, teardown } = await freshDatabase();
  return { adapter: new SqliteStorageAdapter(db), teardown };
}, 'SqliteStorageAdapter');

describe('SqliteStorageAdapter beyond the shared suite', () => {
  const teardowns: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const teardown of teardowns.splice(0)) await teardown();
  });
  async function open(): Promise<{ file: string; db: Db; adapter: SqliteStorageAdapter }> {
    const fresh = await freshDatabase();
    teardowns.push(fresh.teardown);
    return { file: fresh.file, db: fresh.db, adapter: new SqliteStorageAdapter(fresh.db) };
  }

  it('keeps saved data after the database file is closed and reopened', async () => {
    const { file, db, adapter } = await open();
    await adapter.save(['doc', 'snapshot', 'h1'], new Uint8Array([1, 2, 3]));
    await adapter.save(['doc', 'incremental', 'h2'], new Uint8Array([4]));
    db.close();

    const reopened = openDatabase(file);
    try {
      const again = new SqliteStorageAdapter(reopened);
      expect(await again.load(['doc', 'snapshot', 'h1'])).toStrictEqual(new Uint8Array([1, 2, 3]));
      expect(await again.loadRange(['doc'])).toStrictEqual([
        { key: ['doc', 'snapshot', 'h1'], data: new Uint8Array([1, 2, 3]) },
        { key: ['doc', 'incremental', 'h2'], data: new Uint8Array([4]) },
      ]);
    } finally {
      reopened.close();
    }
  });

  it('lets a second Repo load a document that a first Repo saved', async () => {
    const { file, db, adapter } = await open();
    const first = new Repo({ storage: adapter, network: [] });
    const created = first.create<{ title: string }>({ title: 'notes' });
    created.change((doc) => {
      doc.title = 'notes, edited';
    });
    await first.flush();
    await first.shutdown();
    db.close();

    const reopened = openDatabase(file);
    const second = new Repo({ storage: new SqliteStorageAdapter(reopened), network: [] });
    try {
      const found = await second.find<{ title: string }>(created.url);
      expect(found.doc()).toStrictEqual({ title: 'notes, edited' });
    } finally {
      await second.shutdown();
      reopened.close();
    }
  });

  it('treats a prefix as whole parts: ["a"] neither loads nor removes ["ab", ...]', async () => {
    const { adapter } = await open();
    await adapter.save(['a'], new Uint8Array([0]));
    await adapter.save(['a', 'x'], new Uint8Array([1]));
    await adapter.save(['ab', 'x'], new Uint8Array([2]));
    await adapter.save(['a!'], new Uint8Array([3]));

    expect((await adapter.loadRange(['a'])).map((c) => c.key)).toStrictEqual([['a'], ['a', 'x']]);
    await adapter.removeRange(['a']);
    expect(await adapter.load(['a'])).toBeUndefined();
    expect(await adapter.load(['a', 'x'])).toBeUndefined();
    expect(await adapter.load(['ab', 'x'])).toStrictEqual(new Uint8Array([2]));
    expect(await adapter.load(['a!'])).toStrictEqual(new Uint8Array([3]));
  });

  it('keeps parts containing the separator, the escape character or SQL wildcards apart', async () => {
    const { adapter } = await open();
    const tricky = [['a/b'], ['a', 'b'], ['a%2Fb'], ['a%', '_'], ['%'], ['a_b']];
    for (const [i, key] of tricky.entries()) await adapter.save(key, new Uint8Array([i]));
    for (const [i, key] of tricky.entries()) expect(await adapter.load(key)).toStrictEqual(new Uint8Array([i]));
    expect((await adapter.loadRange(['a'])).map((c) => c.key)).toStrictEqual([['a', 'b']]);
    expect((await adapter.loadRange(['a%'])).map((c) => c.key)).toStrictEqual([['a%', '_']]);
    await adapter.removeRange(['a%']);
    expect(await adapter.load(['a%2Fb'])).toStrictEqual(new Uint8Array([2]));
  });

  it('loads and removes everything under the empty prefix', async () => {
    const { adapter } = await open();
    await adapter.save(['x'], new Uint8Array([1]));
    await adapter.save(['y', 'z'], new Uint8Array([2]));
    expect(await adapter.loadRange([])).toHaveLength(2);
    await adapter.removeRange([]);
    expect(await adapter.loadRange([])).toStrictEqual([]);
  });

  it('returns copies, so changing a loaded value does not change the stored one', async () => {
    const { adapter } = await open();
    await adapter.save(['k'], new Uint8Array([7, 7]));
    const loaded = await adapter.load(['k']);
    loaded?.fill(0);
    expect(await adapter.load(['k'])).toStrictEqual(new Uint8Array([7, 7]));
  });
});

describe('storage key encoding', () => {
  it('round-trips keys whose parts contain "/" and "%"', () => {
    for (const key of [['a'], ['a/b', '%', '%2F', ''], ['', ''], ['ünï', 'c😀de']]) {
      expect(decodeStorageKey(encodeStorageKey(key))).toStrictEqual(key);
    }
  });

  it('rejects the empty key, which would collide with [""]', () => {
    expect(() => encodeStorageKey([])).toThrow(RangeError);
  });
});
