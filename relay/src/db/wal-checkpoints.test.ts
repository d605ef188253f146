// The WAL checkpoint worker on a real database file: the relay's connection stops checkpointing on
// its own (the WAL grows past SQLite's default mark), the worker moves every frame into the database
// file when asked by the schedule or directly, and losing the worker gives checkpoints back.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Timers } from '../clock.js';
import { openDatabase, type Db } from './database.js';
import { startWalCheckpoints, type WalCheckpoints } from './wal-checkpoints.js';

/** Timers the test fires by hand. */
function manualTimers(): Timers & { fire(): void } {
  const runs = new Set<() => void>();
  return {
    every(_ms, run) {
      runs.add(run);
      return () => runs.delete(run);
    },
    fire: () => runs.forEach((run) => run()),
  };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(): Promise<{ db: Db; file: string; timers: ReturnType<typeof manualTimers>; errors: unknown[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'sheaf-wal-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'sheaf.sqlite');
  const db = openDatabase(file);
  cleanups.push(() => Promise.resolve(db.open ? void db.close() : undefined));
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB NOT NULL) STRICT');
  return { db, file, timers: manualTimers(), errors: [] };
}

function start(db: Db, timers: Timers, errors: unknown[]): WalCheckpoints {
  const checkpoints = startWalCheckpoints(db, { timers, intervalMs: 1000, onError: (e) => errors.push(e) });
  cleanups.push(() => checkpoints.close());
  return checkpoints;
}

/** Writes about `mib` MiB of pages in transactions of 256 KiB, as many small requests would. */
function write(db: Db, mib: number): void {
  const insert = db.prepare('INSERT INTO filler (data) VALUES (?)');
  const batch = db.transaction(() => {
    for (let i = 0; i < 64; i++) insert.run(randomBytes(4096));
  });
  for (let i = 0; i < mib * 4; i++) batch();
}

describe('WAL checkpoints from a worker', () => {
  it('leaves checkpoints to the worker, which moves every frame into the database file', async () => {
    const { db, file, timers, errors } = await setUp();
    const checkpoints = start(db, timers, errors);
    // Past SQLite's default mark (1000 pages, about 4 MiB): the relay's connection would have
    // checkpointed and restarted the WAL by now.
    write(db, 8);
    expect((await stat(`${file}-wal`)).size).toBeGreaterThan(8 * 1024 * 1024);
    const done = await checkpoints.run();
    expect(done.walFrames).toBeGreaterThan(2000);
    expect(done.checkpointed).toBe(done.walFrames);
    expect(db.prepare('SELECT count(*) AS n FROM filler').get()).toStrictEqual({ n: 8 * 4 * 64 });
    expect(errors).toStrictEqual([]);
  });

  it('checkpoints when the schedule asks', async () => {
    const { db, timers, errors } = await setUp();
    const checkpoints = start(db, timers, errors);
    write(db, 1);
    timers.fire();
    // Joins the checkpoint the schedule started, or runs one after it: either way nothing is left.
    const done = await checkpoints.run();
    expect(done.checkpointed).toBe(done.walFrames);
    expect(errors).toStrictEqual([]);
  });

  it('gives checkpoints back to the relay connection once the worker is gone', async () => {
    const { db, timers, errors } = await setUp();
    const checkpoints = start(db, timers, errors);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(1000);
    await checkpoints.close();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await expect(checkpoints.run()).rejects.toThrow('exited');
    // Closing on purpose is no failure to report.
    expect(errors).toStrictEqual([]);
  });

  it('starts nothing for a database in memory', async () => {
    const db = openDatabase(':memory:');
    const checkpoints = startWalCheckpoints(db, { timers: manualTimers(), intervalMs: 1000, onError: () => undefined });
    expect(await checkpoints.run()).toStrictEqual({ walFrames: 0, checkpointed: 0 });
    await checkpoints.close();
    db.close();
  });
});
