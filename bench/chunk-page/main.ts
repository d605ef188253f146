// The chunk + hash bench page: the same random files chunked and hashed by the app's chunk pool
// (reading each File's stream, FastCDC, SHA-256 per chunk and of the whole file, split between the
// chunk worker and its file-hash worker, batches transferred to this page and handed back once
// checked), and hashed by crypto.subtle.digest alone in 1 MiB pieces on as many plain workers.
// Built by Vite exactly like the app's workers, so the pool, comlink and transfers are the real ones.
import { releaseProxy, transfer, wrap, type Remote } from 'comlink';
import { toHex } from '@sheaf/shared/hex';
import { createChunkPool, type ChunkPool } from '@sheaf/workers/chunk-pool';
import { defaultPoolSize } from '@sheaf/workers/task-pool';
import { whenWorkerReady } from '@sheaf/workers/worker-ready';
import { randomBuffer } from '../browser/random-bytes.js';
import { megabytesPerSecond } from '../stats.js';
import type { ChunkHashBenchOptions, ChunkHashBenchSetup, ChunkHashSide } from './chunk-bench-api.js';
import type { DigestApi } from './digest-api.js';

const MIB = 1024 * 1024;
/** The baseline's piece: the average chunk size, so it makes as many digest calls as ours. */
const PIECE_BYTES = MIB;
/** As web/src/transfer/upload.ts asks for. */
const BATCH_BYTES = 8 * MIB;

const sha256Hex = async (bytes: BufferSource): Promise<string> =>
  toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));

type Baseline = { readonly worker: Worker; readonly api: Remote<DigestApi> };

async function startBaselineWorker(): Promise<Baseline> {
  const worker = new Worker(new URL('./digest.worker.ts', import.meta.url), { type: 'module', name: 'bench-digest' });
  await whenWorkerReady(worker, 15_000);
  return { worker, api: wrap<DigestApi>(worker) };
}

/** The baseline: every worker digests its share of the pieces; all hashes, in piece order. */
async function digestOnWorkers(baselines: readonly Baseline[]): Promise<string[]> {
  const shares = await Promise.all(baselines.map(({ api }) => api.digestAll()));
  return shares.flat();
}

type Chunked = { readonly sha256: string | undefined; readonly bytes: number; readonly chunks: number };

/**
 * Ours: every file through the pool at once, as an upload of several files does (the pool runs one
 * file per worker). With `check`, each batch's first chunk is hashed again here and must agree.
 */
async function chunkOnPool(pool: ChunkPool, files: readonly File[], check: boolean): Promise<Chunked[]> {
  return Promise.all(
    files.map(async (file) => {
      let sha256: string | undefined;
      let bytes = 0;
      let chunks = 0;
      for await (const batch of pool.chunkFile(file, { batchBytes: BATCH_BYTES })) {
        for (const chunk of batch.chunks) {
          if (chunk.bytes.byteLength !== chunk.size) throw new Error(`chunk of ${chunk.size} B has other bytes`);
          bytes += chunk.size;
        }
        chunks += batch.chunks.length;
        const first = batch.chunks[0];
        if (check && first !== undefined && (await sha256Hex(first.bytes)) !== first.hash) {
          throw new Error(`chunk at ${first.offset} of ${file.name} has the wrong hash`);
        }
        if (batch.done) sha256 = batch.sha256;
        // As the app's upload does once its Blobs hold copies of the chunks.
        batch.recycle();
      }
      return { sha256, bytes, chunks };
    }),
  );
}

type Bench = {
  readonly pool: ChunkPool;
  readonly baselines: readonly Baseline[];
  readonly files: readonly File[];
  readonly totalBytes: number;
};

let bench: Bench | undefined;

async function prepareChunkHashBench(options: ChunkHashBenchOptions): Promise<ChunkHashBenchSetup> {
  if (bench !== undefined) throw new Error('the bench is prepared already');
  const workers = defaultPoolSize(navigator.hardwareConcurrency);
  const fileBytes = options.fileMiB * MIB;
  const pieces = Array.from({ length: (options.files * fileBytes) / PIECE_BYTES }, () => randomBuffer(PIECE_BYTES));
  const perFile = fileBytes / PIECE_BYTES;
  const files = Array.from(
    { length: options.files },
    (_, i) => new File(pieces.slice(i * perFile, (i + 1) * perFile), `file-${i}.bin`),
  );
  const expectedPieces = await Promise.all(pieces.map((piece) => sha256Hex(piece)));
  const expectedFiles: string[] = [];
  for (const file of files) expectedFiles.push(await sha256Hex(await file.arrayBuffer()));

  const baselines: Baseline[] = [];
  bench = { pool: createChunkPool(workers), baselines, files, totalBytes: options.files * fileBytes };
  for (let i = 0; i < workers; i++) baselines.push(await startBaselineWorker());
  // Contiguous, even shares: the baseline spreads bytes over its workers as well as can be done.
  const share = Math.ceil(pieces.length / workers);
  await Promise.all(
    baselines.map(({ api }, i) => {
      const mine = pieces.slice(i * share, (i + 1) * share);
      return api.load(transfer(mine, mine));
    }),
  );

  // Warm-up of both sides (worker start, JIT), checking every hash: a fast wrong hash is no result.
  const digested = await digestOnWorkers(baselines);
  digested.forEach((hash, i) => {
    if (hash !== expectedPieces[i]) throw new Error(`baseline hashed piece ${i} to ${hash}, not ${expectedPieces[i]}`);
  });
  const warm = await chunkOnPool(bench.pool, files, true);
  warm.forEach(({ sha256, bytes }, i) => {
    if (bytes !== fileBytes) throw new Error(`file ${i}: chunks hold ${bytes} B of ${fileBytes}`);
    if (sha256 !== expectedFiles[i]) throw new Error(`file ${i} hashed to ${sha256}, not ${expectedFiles[i]}`);
  });
  return {
    workers,
    hardwareConcurrency: navigator.hardwareConcurrency,
    files: options.files,
    fileBytes,
    pieceBytes: PIECE_BYTES,
    batchBytes: BATCH_BYTES,
    chunks: warm.reduce((n, file) => n + file.chunks, 0),
  };
}

async function timeChunkHashSide(side: ChunkHashSide): Promise<number> {
  if (bench === undefined) throw new Error('the bench is not prepared');
  const started = performance.now();
  if (side === 'baseline') await digestOnWorkers(bench.baselines);
  else await chunkOnPool(bench.pool, bench.files, false);
  return megabytesPerSecond(bench.totalBytes, performance.now() - started);
}

function endChunkHashBench(): void {
  bench?.pool.terminate();
  for (const { worker, api } of bench?.baselines ?? []) {
    api[releaseProxy]();
    worker.terminate();
  }
  bench = undefined;
}

window.prepareChunkHashBench = prepareChunkHashBench;
window.timeChunkHashSide = timeChunkHashSide;
window.endChunkHashBench = endChunkHashBench;
