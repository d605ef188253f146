// The 1 GiB measurement that transfer.upload_1g, transfer.download_1g and transfer.relay_rss read:
// one random file on disk, uploaded by the same chunking client to the real relay (relay/src/main.ts
// in a process of its own) and to the plain baseline server (also a process of its own), then
// downloaded back from each, hashed. Both servers write under one temp folder, so to one disk.
// Measured once, on first use, whichever of the three entries runs first.
import { link, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerUser } from '../../relay/src/testing/test-relay.js';
import type { RunContext } from '../entry.js';
import { megabytesPerSecond } from '../stats.js';
import { downloadHashed, type ApiTarget } from './api-requests.js';
import { chunkFile, uploadFileChunked } from './chunked-upload.js';
import { writeRandomFile } from './random-file.js';
import { spawnPlainFileServer, spawnRelay, type ServerProcess, type ProcessMemory } from './server-process.js';

export const FILE_BYTES = 1024 ** 3;
/** Small enough to cost a second, large enough to warm sockets, the JIT, SQLite and the drive document. */
const WARM_UP_BYTES = 32 * 1024 * 1024;
/** What the app keeps in flight (web/src/transfer/upload.ts), the same for both sides. */
export const UPLOAD_CONCURRENCY = 4;
/** ~32 MiB of chunks per `missing` call at FastCDC's 1 MiB average. */
export const MISSING_BATCH = 32;
/**
 * Rounds of 1 GiB uploads per side. Each round needs a file of its own (the relay would skip chunks
 * it already holds) and goes in the other order from the one before (baseline, ours, ours,
 * baseline): one round alone swung the ratio from 0.6 to 1.4 on this shared 2-core machine.
 */
export const UPLOAD_ROUNDS = 2;
/** A download of 1 GiB from the page cache takes seconds: four each, alternating, cost little and steady the median. */
export const DOWNLOAD_ROUNDS = 4;
const RSS_POLL_MS = 50;

export type SideName = 'ours' | 'baseline';

/** Resident memory of a server process, in KiB. */
export type MemoryGrowth = {
  /** After start and sign-up, before any upload. */
  readonly idleKiB: number;
  /** Just before the 1 GiB uploads, after the warm-up. */
  readonly beforeKiB: number;
  /** The highest during the 1 GiB uploads. */
  readonly peakKiB: number;
  /** Whether the kernel let the peak be reset before each upload (else the polled maximum alone). */
  readonly peakWasReset: boolean;
};

export type Transfer1g = {
  readonly uploadMBps: Readonly<Record<SideName, readonly number[]>>;
  readonly downloadMBps: Readonly<Record<SideName, readonly number[]>>;
  readonly memory: Readonly<Record<SideName, MemoryGrowth>>;
  /** The client's read + chunk + hash alone, sending nothing: the ceiling of both sides. */
  readonly chunkingMBps: number;
  /** Chunks of the first file, and how many of them were PUT to the relay. */
  readonly chunks: number;
  readonly chunksPut: number;
};

type Side = { readonly name: SideName; readonly server: ServerProcess; readonly target: ApiTarget };

let measured: Promise<Transfer1g> | undefined;

/** Runs the measurement on first use; the three entries share it. */
export function transfer1g(context: RunContext): Promise<Transfer1g> {
  measured ??= measure(context);
  return measured;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

async function measure({ log, signal }: RunContext): Promise<Transfer1g> {
  const root = await mkdtemp(join(tmpdir(), 'sheaf-bench-transfer-1g-'));
  const servers: ServerProcess[] = [];
  try {
    let started = performance.now();
    const sources: { path: string; sha256: string }[] = [];
    for (let round = 0; round < UPLOAD_ROUNDS; round++) {
      const path = join(root, `source-${round}.bin`);
      sources.push({ path, sha256: await writeRandomFile(path, FILE_BYTES, signal) });
    }
    const warmUp = join(root, 'warm-up.bin');
    await writeRandomFile(warmUp, WARM_UP_BYTES, signal);
    log(`wrote ${UPLOAD_ROUNDS} × 1 GiB of random bytes in ${seconds(performance.now() - started)} s (not timed)`);
    const firstSource = sources[0];
    if (firstSource === undefined) throw new Error('no source file');

    started = performance.now();
    await chunkFile(firstSource.path, signal);
    const chunkingMBps = megabytesPerSecond(FILE_BYTES, performance.now() - started);
    log(`client read + chunk + hash alone: ${chunkingMBps.toFixed(0)} MB/s`);

    const relay = await spawnRelay(join(root, 'relay'), signal);
    servers.push(relay);
    const plainDir = join(root, 'plain');
    await mkdir(plainDir);
    const plain = await spawnPlainFileServer(plainDir, signal);
    servers.push(plain);
    const { token } = await registerUser(relay.url);
    const sides: readonly Side[] = [
      { name: 'baseline', server: plain, target: { baseUrl: plain.url, token, signal } },
      { name: 'ours', server: relay, target: { baseUrl: relay.url, token, signal } },
    ];
    const upload = (side: Side, path: string, name: string) =>
      uploadFileChunked(path, side.target, { name, concurrency: UPLOAD_CONCURRENCY, missingBatch: MISSING_BATCH });

    const idleKiB: Record<SideName, number> = { ours: 0, baseline: 0 };
    for (const side of sides) {
      idleKiB[side.name] = (await side.server.memory()).rssKiB;
      await upload(side, warmUp, 'warm-up.bin');
    }

    const uploadMBps: Record<SideName, number[]> = { ours: [], baseline: [] };
    const memory: Partial<Record<SideName, MemoryGrowth>> = {};
    let downloadPath = '';
    let chunks = 0;
    let chunksPut = 0;
    for (const [round, source] of sources.entries()) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        const watch = await watchMemory(side.server);
        started = performance.now();
        const uploaded = await upload(side, source.path, `one-gibibyte-${round}.bin`).finally(() => watch.stop());
        const ms = performance.now() - started;
        if (uploaded.commit.size !== FILE_BYTES || uploaded.manifest.size !== FILE_BYTES) {
          throw new Error(`${side.name} committed ${uploaded.commit.size} bytes, not ${FILE_BYTES}`);
        }
        uploadMBps[side.name].push(megabytesPerSecond(FILE_BYTES, ms));
        const seen = await watch.result();
        const known = memory[side.name];
        memory[side.name] = {
          idleKiB: idleKiB[side.name],
          beforeKiB: known?.beforeKiB ?? seen.beforeKiB,
          peakKiB: Math.max(known?.peakKiB ?? 0, seen.peakKiB),
          peakWasReset: (known?.peakWasReset ?? true) && seen.peakWasReset,
        };
        if (side.name === 'ours' && round === 0) {
          downloadPath = `/api/v1/files/${uploaded.commit.fileId}/download`;
          chunks = uploaded.manifest.chunks.length;
          chunksPut = uploaded.putChunks;
        }
        log(
          `upload round ${round + 1} ${side.name}: ${megabytesPerSecond(FILE_BYTES, ms).toFixed(0)} MB/s, ${uploaded.putChunks} chunks PUT, peak RSS ${(seen.peakKiB / 1024).toFixed(0)} MiB (idle ${(idleKiB[side.name] / 1024).toFixed(0)} MiB)`,
        );
      }
    }

    // The baseline serves the first source itself, one file on the same disk (a hard link, no copy).
    await link(firstSource.path, join(plainDir, 'files', 'source.bin'));
    const downloadPaths: Record<SideName, string> = {
      ours: downloadPath,
      baseline: '/api/v1/files/source.bin/download',
    };
    const downloadMBps: Record<SideName, number[]> = { ours: [], baseline: [] };
    // One download per side, not timed: each side's first was the slowest of its rounds (ours
    // 225-279 MB/s, then ~400-500; the baseline 361-622, then ~600-780), as sockets, the JIT and
    // the read path warm up.
    for (const side of sides) {
      const agent = new Agent({ keepAlive: true });
      await downloadHashed(agent, side.target, downloadPaths[side.name]).finally(() => agent.destroy());
    }
    for (let round = 0; round < DOWNLOAD_ROUNDS; round++) {
      for (const side of round % 2 === 0 ? [...sides].reverse() : sides) {
        const agent = new Agent({ keepAlive: true });
        started = performance.now();
        const got = await downloadHashed(agent, side.target, downloadPaths[side.name]).finally(() => agent.destroy());
        const ms = performance.now() - started;
        if (got.bytes !== FILE_BYTES || got.sha256 !== firstSource.sha256) {
          throw new Error(`${side.name} returned ${got.bytes} bytes hashing to ${got.sha256}, not the source's`);
        }
        downloadMBps[side.name].push(megabytesPerSecond(FILE_BYTES, ms));
        log(`download round ${round + 1} ${side.name}: ${megabytesPerSecond(FILE_BYTES, ms).toFixed(0)} MB/s`);
      }
    }
    const { ours, baseline } = memory;
    if (ours === undefined || baseline === undefined) throw new Error('a side was not measured');
    return { uploadMBps, downloadMBps, memory: { ours, baseline }, chunkingMBps, chunks, chunksPut };
  } finally {
    for (const server of servers) await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * Watches a server's resident memory from now: the peak is reset (where the kernel allows) and the
 * RSS is also polled every 50 ms, and the larger of the two peaks is kept.
 */
async function watchMemory(server: ServerProcess): Promise<{
  stop(): void;
  result(): Promise<{ beforeKiB: number; peakKiB: number; peakWasReset: boolean }>;
}> {
  const peakWasReset = await server.resetPeak();
  const before: ProcessMemory = await server.memory();
  let polled = before.rssKiB;
  let reading = false;
  const timer = setInterval(() => {
    if (reading) return;
    reading = true;
    server
      .memory()
      .then((m) => (polled = Math.max(polled, m.rssKiB)))
      .catch(() => undefined)
      .finally(() => (reading = false));
  }, RSS_POLL_MS);
  return {
    stop: () => clearInterval(timer),
    async result() {
      clearInterval(timer);
      const after = await server.memory();
      const peakKiB = Math.max(polled, after.rssKiB, peakWasReset ? after.peakKiB : 0);
      return { beforeKiB: before.rssKiB, peakKiB, peakWasReset };
    },
  };
}
