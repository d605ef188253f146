// Moves SQLite's WAL checkpoints off the event loop. SQLite checkpoints in whichever connection
// commits past `wal_autocheckpoint` pages: here the relay's one connection, so every few MiB of
// writes one request waited while pages were copied into the database file and both files fsynced
// (measured: about two thirds of the time recording a batch of 256 chunks took, 40 batches in a row).
// A worker thread with a connection of its own checkpoints instead, PASSIVE (never waiting on the
// writer, which keeps appending meanwhile), when the relay's timer asks it to. The relay's own
// automatic checkpoint stays as a backstop at a higher mark, and goes back to SQLite's default if
// the worker is ever lost, so the WAL cannot grow without bound. Durability is unchanged: with
// `synchronous = NORMAL` a commit was never fsynced; a checkpoint is what makes it durable.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Timers } from '../clock.js';
import type { Db } from './database.js';

/** SQLite's default `wal_autocheckpoint`, in pages. */
const SQLITE_DEFAULT_MARK = 1000;
/** The relay's own checkpoint mark while the worker runs: 64 MiB of 4 KiB pages, which it never reaches unless the worker falls far behind. */
const BACKSTOP_MARK = 16_000;
/** What the WAL file is cut back to when it restarts from its beginning. */
const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/** What one checkpoint found: frames in the WAL, and how many of them are now in the database file. */
export type CheckpointResult = { readonly walFrames: number; readonly checkpointed: number };

export type WalCheckpoints = {
  /** Checkpoints now (or joins the checkpoint under way). Rejects when the worker has failed. */
  run(): Promise<CheckpointResult>;
  /** Stops the schedule and the worker; the relay's connection checkpoints for itself again. */
  close(): Promise<void>;
};

export type WalCheckpointOptions = {
  readonly timers: Timers;
  /** How often the worker checkpoints. */
  readonly intervalMs: number;
  /** Told of a checkpoint that failed, or of the worker lost; never throws. */
  readonly onError: (error: unknown) => void;
};

// CommonJS evaluated in the worker: it needs no file of its own, so it runs the same from the
// TypeScript sources (tsx) and from the build. Errors are answered, never thrown.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, walFrames: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String(error && error.message || error) });
  }
});
`;

type Answer = { ok: true; walFrames: number; checkpointed: number } | { ok: false; message: string };

/**
 * Starts checkpointing `db` (a file in WAL mode) from a worker thread every `intervalMs`. A database
 * in memory has no WAL: nothing is started and `run` answers nothing done.
 */
export function startWalCheckpoints(db: Db, { timers, intervalMs, onError }: WalCheckpointOptions): WalCheckpoints {
  if (db.memory) {
    return { run: () => Promise.resolve({ walFrames: 0, checkpointed: 0 }), close: () => Promise.resolve() };
  }
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: db.name, driver } });
  // A background chore: it never keeps the process alive.
  worker.unref();
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_MARK}`);
  // The WAL may now grow past SQLite's usual few MiB between checkpoints: cut it back when it restarts.
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);

  let lost: Error | undefined;
  let closed = false;
  /** Checkpoints asked for and not answered yet, answered in order (the worker takes one message at a time). */
  const waiting: Array<{ resolve(result: CheckpointResult): void; reject(error: Error): void }> = [];
  let running: Promise<CheckpointResult> | undefined;

  const fail = (error: Error): void => {
    if (lost !== undefined) return;
    lost = error;
    // The worker is gone: the relay's connection checkpoints for itself again.
    if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_MARK}`);
    for (const w of waiting.splice(0)) w.reject(error);
    if (!closed) onError(error);
  };
  worker.on('message', (answer: Answer) => {
    const w = waiting.shift();
    if (answer.ok) w?.resolve({ walFrames: answer.walFrames, checkpointed: answer.checkpointed });
    else {
      const error = new Error(`WAL checkpoint failed: ${answer.message}`);
      if (w === undefined) onError(error);
      else w.reject(error);
    }
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => fail(new Error(`the WAL checkpoint worker exited (${code})`)));

  const run = (): Promise<CheckpointResult> => {
    if (lost !== undefined) return Promise.reject(lost);
    running ??= new Promise<CheckpointResult>((resolve, reject) => {
      waiting.push({ resolve, reject });
      worker.postMessage('checkpoint');
    }).finally(() => {
      running = undefined;
    });
    return running;
  };
  const stop = timers.every(intervalMs, () => {
    // A failed checkpoint is reported where it is answered; the schedule goes on.
    run().catch((error: unknown) => {
      if (lost === undefined) onError(error);
    });
  });

  return {
    run,
    async close() {
      if (closed) return;
      closed = true;
      stop();
      if (lost !== undefined) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      // Kept alive until its connection is closed, even when nothing else is left to run.
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}
