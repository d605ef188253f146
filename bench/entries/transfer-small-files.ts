// transfer.small_files: 10,000 files of 4 KiB (distinct random contents) into the drive. Ours, as a
// chunking client would: one `missing` call for all 10,000 hashes, the missing chunks PUT 16 in
// flight, and each file committed as soon as its chunk is stored, 16 commits in flight. Baseline:
// one PUT per file, one after another, to a plain node:http server that writes each body to a file
// of its own with fsync (as the relay fsyncs each chunk). Both servers run in processes of their own.
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
import { commitFile, missingChunks, putWholeFile, type ApiTarget } from '../lib/api-requests.js';
import { putChunk } from '../lib/chunk-upload.js';
import { spawnPlainFileServer, spawnRelay, type ServerProcess } from '../lib/server-process.js';

const FILE_COUNT = 10_000;
const FILE_BYTES = 4096;
/** Chunk PUTs in flight, and commits in flight, for ours. */
const CONCURRENCY = 16;
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
      await uploadPipelined(ours, smallFiles('warm-up', WARM_UP_FILES), Number.POSITIVE_INFINITY);

      // Fresh contents for the measured runs: nothing is already stored on either side.
      const files = smallFiles('file', FILE_COUNT);
      const plainRun = await uploadSequentially(baseline, files, SIDE_TIME_LIMIT_MS);
      log(`baseline: ${plainRun.files} files in ${(plainRun.ms / 1000).toFixed(1)} s`);
      const ourRun = await uploadPipelined(ours, files, SIDE_TIME_LIMIT_MS);
      log(`ours: ${ourRun.files} files in ${(ourRun.ms / 1000).toFixed(1)} s; ${ourRun.detail}`);

      const partial = (run: SideRun): string =>
        run.files < FILE_COUNT ? ` (stopped at ${run.files} after ${SIDE_TIME_LIMIT_MS / 1000} s)` : '';
      return {
        ours: rate(ourRun),
        baseline: rate(plainRun),
        note: `${FILE_COUNT} × 4 KiB random, after ${WARM_UP_FILES} warm-up files; ours: 1 missing call, ${CONCURRENCY} chunk PUTs + ${CONCURRENCY} commits in flight, all in the drive's root${partial(ourRun)}: ${ourRun.detail}; baseline: one PUT per file in sequence, node:http writing each to its own file with fsync${partial(plainRun)}`,
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

/** A promise settled from outside, for "this file's chunk is stored". */
function settleLater(): { promise: Promise<void>; resolve(): void; reject(error: unknown): void } {
  let resolve = (): void => undefined;
  let reject = (_error: unknown): void => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A stored chunk whose commit never comes (the time limit) must not count as unhandled.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Ours: hash, one `missing` call, then chunk PUTs and commits pipelined, each pool 16 wide. */
async function uploadPipelined(target: ApiTarget, files: readonly SmallFile[], limitMs: number): Promise<SideRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: 2 * CONCURRENCY + 1 });
  // Every request in flight listens to the run's abort signal: up to 2 × 16 at once here.
  setMaxListeners(4 * CONCURRENCY, target.signal);
  const started = performance.now();
  const overdue = (): boolean => performance.now() - started > limitMs;
  try {
    // A 4 KiB file is one chunk (FastCDC's minimum is 256 KiB): its chunk hash is its SHA-256.
    const hashes = files.map((f) => ChunkHash.parse(createHash('sha256').update(f.bytes).digest('hex')));
    const missing = new Set(await missingChunks(agent, target, { hashes, uploadBytes: FILE_BYTES * files.length }));
    const missingMs = performance.now() - started;
    const stored = files.map(() => settleLater());
    let nextPut = 0;
    let nextCommit = 0;
    let committed = 0;
    let putsDoneMs = 0;
    const commitMs: number[] = [];
    let failed: Error | undefined;

    const putLane = async (): Promise<void> => {
      for (let i = nextPut++; i < files.length && failed === undefined && !overdue(); i = nextPut++) {
        const file = files[i];
        const hash = hashes[i];
        const slot = stored[i];
        if (file === undefined || hash === undefined || slot === undefined) continue;
        try {
          if (missing.has(hash)) await putChunk({ hash, bytes: file.bytes }, agent, target);
          slot.resolve();
        } catch (error) {
          slot.reject(error);
          failed ??= asError(error);
        }
      }
      putsDoneMs = Math.max(putsDoneMs, performance.now() - started);
    };
    const commitLane = async (): Promise<void> => {
      for (let i = nextCommit++; i < files.length && failed === undefined && !overdue(); i = nextCommit++) {
        const file = files[i];
        const hash = hashes[i];
        if (file === undefined || hash === undefined) continue;
        try {
          await stored[i]?.promise;
        } catch {
          // Not stored: the PUT lanes stopped (time limit, or a failure they recorded).
          return;
        }
        try {
          const sent = performance.now();
          const answer = await commitFile(agent, target, {
            name: file.name,
            manifest: { size: FILE_BYTES, chunks: [{ hash, size: FILE_BYTES }] },
          });
          if (answer.size !== FILE_BYTES || answer.version !== 1) {
            throw new Error(`${file.name} committed as ${answer.size} bytes, version ${answer.version}`);
          }
          commitMs.push(performance.now() - sent);
          committed += 1;
        } catch (error) {
          failed ??= asError(error);
        }
      }
    };
    // Once every PUT lane has stopped, a file whose PUT never started will not be stored: its
    // commit lane must not wait for it. Settling an already settled slot changes nothing.
    const puts = Promise.all(Array.from({ length: CONCURRENCY }, putLane)).then(() => {
      for (const slot of stored) slot.reject(new Error('not stored'));
    });
    await Promise.all([puts, ...Array.from({ length: CONCURRENCY }, commitLane)]);
    if (failed !== undefined) throw failed;
    const ms = performance.now() - started;
    const sorted = [...commitMs].sort((a, b) => a - b);
    const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
    const detail =
      `missing ${missingMs.toFixed(0)} ms, last chunk PUT at ${(putsDoneMs / 1000).toFixed(1)} s, last commit at ${(ms / 1000).toFixed(1)} s, ` +
      `commit latency p50 ${at(50).toFixed(0)} ms / p90 ${at(90).toFixed(0)} ms (first 1,000 files: p50 ${middle(commitMs.slice(0, 1000)).toFixed(0)} ms, last 1,000: ${middle(commitMs.slice(-1000)).toFixed(0)} ms)`;
    return { files: committed, ms, detail };
  } finally {
    agent.destroy();
  }
}

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error('a request failed', { cause: error });
