// transfer.small_files: 10,000 files of 4 KiB (distinct random contents) into the drive. Ours, as a
// chunking client would upload a folder: one `missing` call for all 10,000 hashes, the missing
// chunks sent in batches of 256 (`POST /chunks/batch`, 1 MiB each, 4 in flight), and the files
// committed 500 at a time (`POST /files/commit-batch`, one drive change each, 2 in flight) as soon
// as their chunks are stored. Baseline: one PUT per file, one after another, to a plain node:http
// server that writes each body to a file of its own with fsync (as the relay fsyncs each chunk).
// Both servers run in processes of their own.
import { createHash, randomFillSync } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChunkHash } from '@sheaf/shared/ids';
import { registerUser } from '../../relay/src/testing/test-relay.js';
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import { median } from '../stats.js';
import { commitFiles, missingChunks, putChunkBatch, putWholeFile, type ApiTarget } from '../lib/api-requests.js';
import { spawnPlainFileServer, spawnRelay, type ServerProcess } from '../lib/server-process.js';

const FILE_COUNT = 10_000;
const FILE_BYTES = 4096;
/** Chunks per `POST /chunks/batch` (1 MiB of 4 KiB chunks), and batches in flight. */
const CHUNK_BATCH = 256;
const CHUNK_BATCHES_IN_FLIGHT = 4;
/** Files per `POST /files/commit-batch` (a multiple of CHUNK_BATCH or not: a group waits for its own chunks), and in flight. */
const COMMIT_BATCH = 512;
const COMMITS_IN_FLIGHT = 2;
/** Not counted: warms sockets, the JIT, SQLite and the drive document on both sides. */
const WARM_UP_FILES = 100;
/**
 * Each side stops taking new files after this long and is measured over the files it finished, so
 * that a slow side cannot hold the run for many minutes; the note says when that happened.
 */
const SIDE_TIME_LIMIT_MS = 60_000;

type SmallFile = { readonly name: string; readonly bytes: Buffer };

/** How one side did: files finished (committed, or stored for the baseline) in how long. */
type SideRun = { readonly files: number; readonly ms: number; readonly detail: string };

export const transferSmallFiles: BenchEntry = {
  id: 'transfer.small_files',
  unit: 'files/s',
  better: 'higher',
  timeoutMs: 240_000,
  async run({ log, signal }: RunContext): Promise<Measurement> {
    const root = await mkdtemp(join(tmpdir(), 'sheaf-bench-small-files-'));
    const servers: ServerProcess[] = [];
    try {
      const relay = await spawnRelay(join(root, 'relay'), signal);
      servers.push(relay);
      await mkdir(join(root, 'plain'));
      const plain = await spawnPlainFileServer(join(root, 'plain'), signal);
      servers.push(plain);
      const { token } = await registerUser(relay.url);
      const ours: ApiTarget = { baseUrl: relay.url, token, signal };
      const baseline: ApiTarget = { baseUrl: plain.url, token, signal };

      await uploadSequentially(baseline, smallFiles('warm-up', WARM_UP_FILES), Number.POSITIVE_INFINITY);
      await uploadBatched(ours, smallFiles('warm-up', WARM_UP_FILES), Number.POSITIVE_INFINITY);

      // Fresh contents for the measured runs: nothing is already stored on either side.
      const files = smallFiles('file', FILE_COUNT);
      const plainRun = await uploadSequentially(baseline, files, SIDE_TIME_LIMIT_MS);
      log(`baseline: ${plainRun.files} files in ${(plainRun.ms / 1000).toFixed(1)} s`);
      const ourRun = await uploadBatched(ours, files, SIDE_TIME_LIMIT_MS);
      log(`ours: ${ourRun.files} files in ${(ourRun.ms / 1000).toFixed(1)} s; ${ourRun.detail}`);

      const partial = (run: SideRun): string =>
        run.files < FILE_COUNT ? ` (stopped at ${run.files} after ${SIDE_TIME_LIMIT_MS / 1000} s)` : '';
      return {
        ours: rate(ourRun),
        baseline: rate(plainRun),
        note: `${FILE_COUNT} × 4 KiB random, after ${WARM_UP_FILES} warm-up files; ours: 1 missing call, chunk batches of ${CHUNK_BATCH} (${CHUNK_BATCHES_IN_FLIGHT} in flight), commit batches of ${COMMIT_BATCH} (${COMMITS_IN_FLIGHT} in flight), all in the drive's root${partial(ourRun)}: ${ourRun.detail}; baseline: one PUT per file in sequence, node:http writing each to its own file with fsync${partial(plainRun)}`,
      };
    } finally {
      for (const server of servers) await server.close();
      await rm(root, { recursive: true, force: true });
    }
  },
};

const rate = (run: SideRun): number => run.files / (run.ms / 1000);
const middle = (values: readonly number[]): number => (values.length === 0 ? 0 : median(values));

function smallFiles(prefix: string, count: number): SmallFile[] {
  const all = Buffer.allocUnsafeSlow(FILE_BYTES * count);
  randomFillSync(all);
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${String(i).padStart(5, '0')}.bin`,
    bytes: all.subarray(i * FILE_BYTES, (i + 1) * FILE_BYTES),
  }));
}

/** The baseline: one request per file, each waiting for the one before. */
async function uploadSequentially(target: ApiTarget, files: readonly SmallFile[], limitMs: number): Promise<SideRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const started = performance.now();
  let done = 0;
  try {
    for (const file of files) {
      if (performance.now() - started > limitMs) break;
      target.signal.throwIfAborted();
      await putWholeFile(agent, target, file.name, file.bytes);
      done += 1;
    }
  } finally {
    agent.destroy();
  }
  return { files: done, ms: performance.now() - started, detail: '' };
}

/** A promise settled from outside, for "this group's chunks are stored". */
function settleLater(): { promise: Promise<void>; resolve(): void; reject(error: unknown): void } {
  let resolve = (): void => undefined;
  let reject = (_error: unknown): void => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Stored chunks whose commit never comes (the time limit) must not count as unhandled.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Runs `lane` `width` times side by side. */
const lanes = (width: number, lane: () => Promise<void>): Promise<void> =>
  Promise.all(Array.from({ length: width }, lane)).then(() => undefined);

/**
 * Ours: hash, one `missing` call, then chunk batches and commit batches pipelined. Files are taken in
 * commit groups; a group's chunks go in chunk batches, and the group is committed once all of them
 * are stored, while later groups' chunks are still being sent.
 */
async function uploadBatched(target: ApiTarget, files: readonly SmallFile[], limitMs: number): Promise<SideRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: CHUNK_BATCHES_IN_FLIGHT + COMMITS_IN_FLIGHT + 1 });
  setMaxListeners(4 * (CHUNK_BATCHES_IN_FLIGHT + COMMITS_IN_FLIGHT), target.signal);
  const started = performance.now();
  const overdue = (): boolean => performance.now() - started > limitMs;
  try {
    // A 4 KiB file is one chunk (FastCDC's minimum is 256 KiB): its chunk hash is its SHA-256.
    const hashed = files.map((f) => ({
      ...f,
      hash: ChunkHash.parse(createHash('sha256').update(f.bytes).digest('hex')),
    }));
    const hashes = hashed.map((f) => f.hash);
    const missing = new Set(await missingChunks(agent, target, { hashes, uploadBytes: FILE_BYTES * files.length }));
    const missingMs = performance.now() - started;

    const groups = Array.from({ length: Math.ceil(files.length / COMMIT_BATCH) }, (_, g) => {
      const members = hashed.slice(g * COMMIT_BATCH, (g + 1) * COMMIT_BATCH);
      const toSend = members.filter((f) => missing.has(f.hash));
      const batches = Array.from({ length: Math.ceil(toSend.length / CHUNK_BATCH) }, (_, b) =>
        toSend.slice(b * CHUNK_BATCH, (b + 1) * CHUNK_BATCH),
      );
      return { members, batches, left: batches.length, stored: settleLater() };
    });
    for (const group of groups) if (group.left === 0) group.stored.resolve();
    const sends = groups.flatMap((group) => group.batches.map((batch) => ({ group, batch })));

    let nextSend = 0;
    let nextCommit = 0;
    let committed = 0;
    let sentMs = 0;
    const commitMs: number[] = [];
    let failed: Error | undefined;

    const sendLane = async (): Promise<void> => {
      for (let i = nextSend++; i < sends.length && failed === undefined && !overdue(); i = nextSend++) {
        const send = sends[i];
        if (send === undefined) continue;
        try {
          await putChunkBatch(agent, target, send.batch);
          send.group.left -= 1;
          if (send.group.left === 0) send.group.stored.resolve();
        } catch (error) {
          send.group.stored.reject(error);
          failed ??= asError(error);
        }
      }
      sentMs = Math.max(sentMs, performance.now() - started);
    };
    const commitLane = async (): Promise<void> => {
      for (let g = nextCommit++; g < groups.length && failed === undefined && !overdue(); g = nextCommit++) {
        const group = groups[g];
        if (group === undefined) continue;
        try {
          await group.stored.promise;
        } catch {
          // Not stored: the send lanes stopped (time limit, or a failure they recorded).
          return;
        }
        try {
          const sent = performance.now();
          const answers = await commitFiles(agent, target, {
            files: group.members.map((f) => ({
              name: f.name,
              manifest: { size: FILE_BYTES, chunks: [{ hash: f.hash, size: FILE_BYTES }] },
            })),
          });
          const wrong = answers.find((a) => a.size !== FILE_BYTES || a.version !== 1);
          if (wrong !== undefined)
            throw new Error(`${wrong.name} committed as ${wrong.size} bytes, version ${wrong.version}`);
          commitMs.push(performance.now() - sent);
          committed += answers.length;
        } catch (error) {
          failed ??= asError(error);
        }
      }
    };
    // Once every send lane has stopped, a group whose chunks were never all sent will not be stored:
    // its commit lane must not wait for it. Settling an already settled group changes nothing.
    const sending = lanes(CHUNK_BATCHES_IN_FLIGHT, sendLane).then(() => {
      for (const group of groups) group.stored.reject(new Error('not stored'));
    });
    await Promise.all([sending, lanes(COMMITS_IN_FLIGHT, commitLane)]);
    if (failed !== undefined) throw failed;
    const ms = performance.now() - started;
    const sorted = [...commitMs].sort((a, b) => a - b);
    const detail =
      `missing ${missingMs.toFixed(0)} ms, last chunk batch at ${(sentMs / 1000).toFixed(1)} s, last commit at ${(ms / 1000).toFixed(1)} s, ` +
      `commit batch of ${COMMIT_BATCH}: median ${middle(sorted).toFixed(0)} ms, slowest ${(sorted.at(-1) ?? 0).toFixed(0)} ms`;
    return { files: committed, ms, detail };
  } finally {
    agent.destroy();
  }
}

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error('a request failed', { cause: error });
