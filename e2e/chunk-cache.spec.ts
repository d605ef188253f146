// The chunk cache on a real IndexedDB: with a small budget (the app reads it from localStorage at
// start, web/src/local/chunk-cache.ts), files uploaded past it make the cache free the oldest chunks
// the relay holds, while chunks still owed to the relay (their PUTs refused) and pinned chunks stay.
// The cache's state is read from the app's own database, as the app stores it (web/src/local/db.ts).
// The store's own rules (pin counts, least recently used first, the running total) are checked on
// the same real IndexedDB by loading web/src/local/chunk-store.ts from a Vite dev server.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page, type Route } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import { collectErrors, newEmail, sha256, signUp, upload } from './drive-helpers.js';

const MIB = 1024 * 1024;
const FILE_BYTES = MIB;
/** Room for three of the four files and a quarter: the fourth brings the cache over it. */
const BUDGET_BYTES = Math.floor(3.25 * FILE_BYTES);

type CacheState = {
  readonly chunks: string[];
  readonly refs: Array<{ hash: string; size: number; held: number; evictableAt?: number }>;
  readonly owed: string[];
  readonly tally: { bytes: number; count: number } | undefined;
  readonly chunkBytes: number;
};

/** Everything the cache keeps, read with plain IndexedDB from the app's database. */
const cacheState = (page: Page): Promise<CacheState> =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('sheaf');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('open failed'));
    });
    const all = <T>(store: string): Promise<T[]> =>
      new Promise((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error ?? new Error('read failed'));
      });
    const chunks = await all<{ hash: string; size: number; bytes: Blob }>('chunks');
    const refs = await all<{ hash: string; size: number; held: number; evictableAt?: number }>('chunkRefs');
    const owed = await all<{ hash: string }>('outbox');
    const [tally] = await all<{ id: string; bytes: number; count: number }>('tallies');
    db.close();
    return {
      chunks: chunks.map((c) => c.hash),
      refs,
      owed: owed.map((o) => o.hash),
      tally: tally === undefined ? undefined : { bytes: tally.bytes, count: tally.count },
      chunkBytes: chunks.reduce((sum, c) => sum + c.bytes.size, 0),
    };
  });

/** Pins `hashes` as a file kept "available offline" would (issue 7 adds the UI for it). */
const pin = (page: Page, hashes: readonly string[]): Promise<void> =>
  page.evaluate(async (pinned) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('sheaf');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('open failed'));
    });
    const tx = db.transaction(['pins', 'chunkRefs'], 'readwrite');
    for (const hash of pinned) {
      tx.objectStore('pins').put({ hash, count: 1 });
      const read = tx.objectStore('chunkRefs').get(hash);
      read.onsuccess = () => {
        const { evictableAt: _dropped, ...ref } = read.result as { evictableAt?: number };
        tx.objectStore('chunkRefs').put(ref);
      };
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('pin failed'));
    });
    db.close();
  }, hashes);

const newIn = (after: CacheState, before: CacheState): string[] =>
  after.chunks.filter((hash) => !before.chunks.includes(hash));

test('past its budget the cache frees the oldest chunks the relay holds, never owed or pinned ones', async ({
  browser,
}) => {
  // About 10 s on a quiet machine; the margin is for a busy one.
  test.setTimeout(120_000);
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.addInitScript((bytes) => localStorage.setItem('sheaf.chunkCacheBytes', String(bytes)), BUDGET_BYTES);
  const page = await context.newPage();
  const errors = collectErrors({ A: page });
  // Chunk PUTs of the hashes in `refused` fail as if the network were gone; `refuseAll` refuses every one.
  const refused = new Set<string>();
  let refuseAll = true;
  await page.route(
    (url) => url.pathname.startsWith('/api/v1/chunks/'),
    (route: Route) => {
      const hash = new URL(route.request().url()).pathname.split('/').pop() ?? '';
      const refuse = route.request().method() === 'PUT' && (refuseAll || refused.has(hash));
      return refuse ? route.abort('internetdisconnected') : route.continue();
    },
  );
  try {
    await signUp(page, newEmail());
    const empty = await cacheState(page);

    // Owed: its PUTs fail, so its chunks stay in the outbox, oldest of all.
    await upload(page, 'owed.bin', randomBytes(FILE_BYTES), /^Uploaded/);
    const afterOwed = await cacheState(page);
    const owed = newIn(afterOwed, empty);
    expect(owed.length).toBeGreaterThan(0);
    expect(afterOwed.owed.sort()).toEqual([...owed].sort());
    for (const hash of owed) refused.add(hash);
    refuseAll = false;

    // Pinned while older than old.bin: were pins ignored, its chunks would be the first to go.
    await upload(page, 'pinned.bin', randomBytes(FILE_BYTES));
    const afterPinned = await cacheState(page);
    const pinned = newIn(afterPinned, afterOwed);
    await pin(page, pinned);

    await upload(page, 'old.bin', randomBytes(FILE_BYTES));
    const afterOld = await cacheState(page);
    const old = newIn(afterOld, afterPinned);

    await upload(page, 'new.bin', randomBytes(FILE_BYTES));
    const newest = newIn(await cacheState(page), afterOld);

    // The pass runs a moment after the writes.
    await expect.poll(async () => (await cacheState(page)).tally?.bytes ?? Infinity).toBeLessThanOrEqual(BUDGET_BYTES);
    const state = await cacheState(page);
    const gone = [...owed, ...old, ...pinned, ...newest].filter((hash) => !state.chunks.includes(hash));
    // Only the oldest file the relay holds lost chunks; the owed, the pinned and the newest are whole.
    expect(gone.length).toBeGreaterThan(0);
    expect(gone.every((hash) => old.includes(hash))).toBe(true);
    expect(state.owed.sort()).toEqual([...owed].sort());
    // The running total agrees with the rows it counts.
    expect(state.tally).toEqual({ bytes: state.chunkBytes, count: state.chunks.length });
    expect(state.refs.map((ref) => ref.hash).sort()).toEqual([...state.chunks].sort());
    expect(state.refs.reduce((sum, ref) => sum + ref.size, 0)).toBe(state.chunkBytes);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a chunk stored before the cache kept its state is owed after the upgrade and reaches the relay', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const legacy = randomBytes(300 * 1024);
  const hash = sha256(legacy);
  const context = await browser.newContext({ serviceWorkers: 'block' });
  // The database as version 2 of the app left it (Dexie's version 2 is IndexedDB's 20): a chunk kept
  // but not owed, as an upload cut off by a closed tab left it. Made before the app's scripts run.
  await context.addInitScript(
    ({ hash, bytes }) => {
      if (sessionStorage.getItem('seeded') !== null) return;
      sessionStorage.setItem('seeded', '1');
      const open = indexedDB.open('sheaf', 20);
      open.onupgradeneeded = () => {
        const db = open.result;
        db.createObjectStore('session', { keyPath: 'id' });
        db.createObjectStore('device', { keyPath: 'id' });
        const chunks = db.createObjectStore('chunks', { keyPath: 'hash' });
        db.createObjectStore('outbox', { keyPath: 'hash' }).createIndex('added', 'added');
        chunks.put({ hash, size: bytes.length, bytes: new Blob([new Uint8Array(bytes)]) });
      };
      open.onsuccess = () => {
        const db = open.result;
        // The app opens its newer version as soon as this connection lets it.
        db.onversionchange = () => db.close();
        db.close();
      };
    },
    { hash, bytes: [...legacy] },
  );
  const page = await context.newPage();
  const errors = collectErrors({ A: page });
  const stored: string[] = [];
  page.on('response', (response) => {
    const request = response.request();
    if (request.method() === 'PUT' && response.ok() && request.url().endsWith(`/api/v1/chunks/${hash}`)) {
      stored.push(hash);
    }
  });
  try {
    await signUp(page, newEmail());
    await expect.poll(() => stored).toEqual([hash]);
    await expect
      .poll(async () => {
        const state = await cacheState(page);
        return { owed: state.owed, held: state.refs.map((ref) => [ref.hash, ref.held]), tally: state.tally };
      })
      .toEqual({ owed: [], held: [[hash, 1]], tally: { bytes: legacy.length, count: 1 } });
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

/** What the page sees of web/src/local/chunk-store.ts, db.ts and outbox.ts (module paths on the dev server). */
type Modules = { readonly store: string; readonly db: string; readonly outbox: string };
const MODULES: Modules = { store: '/src/local/chunk-store.ts', db: '/src/local/db.ts', outbox: '/src/local/outbox.ts' };

/** The state a scenario ends in: which chunks are left and what the store counts. */
type StoreOutcome = {
  readonly left: string[];
  readonly owed: string[];
  /** Chunks in the eviction index. */
  readonly evictable: string[];
  readonly total: number;
  readonly sum: number;
};

test.describe('the chunk store on IndexedDB', () => {
  let server: ViteDevServer | undefined;
  let origin = '';

  test.beforeAll(async () => {
    server = await createServer({
      root: fileURLToPath(new URL('../web/', import.meta.url)),
      configFile: false,
      appType: 'custom',
      logLevel: 'warn',
      server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
      resolve: { conditions: ['sheaf-source', 'module', 'browser', 'development|production'] },
      // Dexie ships its ES module only through its package exports: bundled once at start.
      optimizeDeps: { noDiscovery: true, include: ['dexie'] },
    });
    // A page of the dev server's origin with nothing in it (IndexedDB needs an origin).
    server.middlewares.use((req, res, next) => {
      if (req.url !== '/blank') return next();
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><title>chunk store</title>');
    });
    await server.listen();
    const address = server.httpServer?.address();
    if (typeof address !== 'object' || address === null) throw new Error('the dev server has no port');
    origin = `http://127.0.0.1:${address.port}`;
  });

  test.afterAll(async () => {
    await server?.close();
  });

  test('evicts least recently used held chunks first, never owed or pinned ones, and counts pins', async ({ page }) => {
    await page.goto(`${origin}/blank`);
    const outcome = await page.evaluate(async (modules: Modules): Promise<StoreOutcome[]> => {
      type Hash = string;
      type Store = {
        putMany(rows: Array<{ hash: Hash; size: number; bytes: Blob }>, options?: object): Promise<void>;
        get(hash: Hash): Promise<Blob | undefined>;
        markHeld(hashes: Hash[]): Promise<void>;
        pin(hashes: Hash[]): Promise<void>;
        unpin(hashes: Hash[]): Promise<void>;
        evict(budget: number): Promise<{ chunks: number; bytes: number }>;
        totalBytes(): Promise<number>;
      };
      type Db = {
        chunks: { toArray(): Promise<Array<{ hash: Hash; size: number }>> };
        outbox: { toArray(): Promise<Array<{ hash: Hash }>> };
        chunkRefs: { toArray(): Promise<Array<{ hash: Hash; evictableAt?: number }>> };
      };
      const { createChunkStore } = (await import(modules.store)) as {
        createChunkStore: (db: Db, options: { now: () => number }) => Store;
      };
      const { SheafDb } = (await import(modules.db)) as { SheafDb: new (name: string) => Db };
      let now = 0;
      const db = new SheafDb(`store-${Math.random()}`);
      const store = createChunkStore(db, { now: () => now });
      const h = (n: number): Hash => String(n).repeat(64);
      const put = async (n: number, options: object) => {
        now = n;
        await store.putMany([{ hash: h(n), size: 100, bytes: new Blob([new Uint8Array(100)]) }], options);
      };
      const outcome = async (): Promise<StoreOutcome> => {
        const rows = await db.chunks.toArray();
        return {
          left: rows.map((r) => r.hash[0] ?? '').sort(),
          owed: (await db.outbox.toArray()).map((r) => r.hash[0] ?? '').sort(),
          evictable: (await db.chunkRefs.toArray())
            .filter((r) => r.evictableAt !== undefined)
            .map((r) => r.hash[0] ?? '')
            .sort(),
          total: await store.totalBytes(),
          sum: rows.reduce((s, r) => s + r.size, 0),
        };
      };
      const outcomes: StoreOutcome[] = [];
      await put(1, { owed: true });
      for (const n of [2, 3, 4, 5, 6]) await put(n, { held: true });
      // Stored twice: counted once.
      await put(6, { held: true });
      await store.pin([h(2)]);
      await store.pin([h(2), h(2)]);
      // Read lately: 3 is now the most recently used.
      now = 10;
      await store.get(h(3));
      await store.evict(300);
      outcomes.push(await outcome());
      // One pin of two taken back: 2 stays; the second makes it evictable, and 1 held too.
      await store.unpin([h(2)]);
      await store.evict(0);
      outcomes.push(await outcome());
      await store.unpin([h(2)]);
      await store.markHeld([h(1)]);
      await store.evict(150);
      outcomes.push(await outcome());
      return outcomes;
    }, MODULES);
    expect(outcome).toEqual([
      // 600 bytes, budget 300: 4, 5 and 6 go (oldest first; 3 was read), leaving 1 (owed), 2 (pinned), 3.
      { left: ['1', '2', '3'], owed: ['1'], evictable: ['3'], total: 300, sum: 300 },
      // Budget 0: 3 goes; 1 is still owed and 2 still pinned once.
      { left: ['1', '2'], owed: ['1'], evictable: [], total: 200, sum: 200 },
      // Both evictable now: the older (1, used at 1) goes first.
      { left: ['2'], owed: [], evictable: ['2'], total: 100, sum: 100 },
    ]);
  });

  test('the outbox leaves out what a live upload has claimed', async ({ page }) => {
    await page.goto(`${origin}/blank`);
    const seen = await page.evaluate(async (modules: Modules): Promise<Array<string[] | number>> => {
      type Outbox = {
        add(rows: Array<{ hash: string; size: number }>): Promise<void>;
        oldest(limit: number): Promise<Array<{ hash: string }>>;
        claim(hashes: string[]): () => void;
        count(): Promise<number>;
      };
      const { createOutbox } = (await import(modules.outbox)) as {
        createOutbox: (db: unknown, now: () => number) => Outbox;
      };
      const { SheafDb } = (await import(modules.db)) as { SheafDb: new (name: string) => unknown };
      let now = 0;
      const outbox = createOutbox(new SheafDb(`outbox-${Math.random()}`), () => now++);
      const h = (n: number): string => String(n).repeat(64);
      for (const n of [1, 2, 3]) await outbox.add([{ hash: h(n), size: 1 }]);
      const first = (rows: Array<{ hash: string }>) => rows.map((r) => r.hash[0] ?? '');
      const release = outbox.claim([h(1), h(2)]);
      const claimedTwice = outbox.claim([h(2)]);
      const seen: Array<string[] | number> = [first(await outbox.oldest(10)), await outbox.count()];
      release();
      seen.push(first(await outbox.oldest(10)), await outbox.count());
      claimedTwice();
      seen.push(first(await outbox.oldest(2)), await outbox.count());
      return seen;
    }, MODULES);
    // Oldest first, and neither listed nor counted while claimed (a hash claimed twice until both let go).
    expect(seen).toEqual([['3'], 1, ['1', '3'], 2, ['1', '2'], 3]);
  });
});
