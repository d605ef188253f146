// transfer.chunk_hash_worker: files chunked and hashed by the app's chunk pool (workers/src/
// chunk-pool.ts: File stream, FastCDC, SHA-256 per chunk and of the whole file) against
// crypto.subtle.digest alone over the same bytes on as many workers, in one Chromium page.
// The page (bench/chunk-page/) is built by Vite with the app's worker settings and served on loopback.
// Besides the rates, each side's CPU time per thread is taken from /proc: on this shared 2-core
// machine the wall-clock ratio moves with other work, the CPU spent and where does not.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import {
  ChunkHashBenchSetup,
  SideRate,
  type ChunkHashBenchOptions,
  type ChunkHashSide,
} from '../chunk-page/chunk-bench-api.js';
import { withBenchPage } from '../lib/browser-page.js';
import { addCpu, cpuBetween, threadCpu } from '../lib/thread-cpu.js';
import { median } from '../stats.js';

const PAGE_ROOT = fileURLToPath(new URL('../chunk-page/', import.meta.url));
/** 256 MiB per side per run: several 64 MiB files, so the pool's queue and batching are exercised. */
const OPTIONS: ChunkHashBenchOptions = { files: 4, fileMiB: 64 };
const RUNS = 3;
const MIB = 1024 * 1024;

export const transferChunkHashWorker: BenchEntry = {
  id: 'transfer.chunk_hash_worker',
  unit: 'MB/s',
  better: 'higher',
  timeoutMs: 180_000,
  run(context: RunContext): Promise<Measurement> {
    const { log, signal } = context;
    return withBenchPage({ root: PAGE_ROOT, ready: 'prepareChunkHashBench', name: 'chunk' }, context, async (page) => {
      log('making the files and warming both sides up');
      const setup = ChunkHashBenchSetup.parse(
        await page.evaluate(async (options) => {
          if (window.prepareChunkHashBench === undefined) throw new Error('the bench page did not load');
          return window.prepareChunkHashBench(options);
        }, OPTIONS),
      );
      const rates: Record<ChunkHashSide, number[]> = { ours: [], baseline: [] };
      const cpu: Record<ChunkHashSide, Map<string, number>> = { ours: new Map(), baseline: new Map() };
      try {
        for (let run = 0; run < RUNS; run++) {
          // Alternating which side goes first evens out anything that drifts during a run.
          for (const side of run % 2 === 0 ? (['baseline', 'ours'] as const) : (['ours', 'baseline'] as const)) {
            signal.throwIfAborted();
            const before = threadCpu();
            const rate = await timeSide(page, side);
            addCpu(cpu[side], cpuBetween(before, threadCpu()));
            rates[side].push(rate);
            log(`run ${run + 1} ${side}: ${rate.toFixed(0)} MB/s`);
          }
        }
      } finally {
        await page.evaluate(() => window.endChunkHashBench?.()).catch(() => undefined);
      }
      const mib = (setup.files * setup.fileBytes * RUNS) / MIB;
      const workers = `${setup.workers} worker${setup.workers === 1 ? '' : 's'}`;
      const size = (bytes: number): string => `${bytes / MIB} MiB`;
      const runs = (side: ChunkHashSide): string => rates[side].map((rate) => rate.toFixed(0)).join('/');
      return {
        ours: median(rates.ours),
        baseline: median(rates.baseline),
        note:
          `${setup.files} random Files of ${size(setup.fileBytes)} on ${workers} (hardwareConcurrency ${setup.hardwareConcurrency}); ` +
          `ours: chunkFile (BYOB read into the batch's buffer, FastCDC, ${setup.chunks} chunks, chunk SHA-256s split between the chunk worker (the first of each batch, together once it is cut) and its file-hash worker (the rest, and the whole-file SHA-256 with hash-wasm), balanced on costs timed as they go, each with the faster for the chunk's size of Web Crypto and a four-lane SHA-256 in WebAssembly SIMD (four chunks at a time), ${size(setup.batchBytes)} batches transferred to the page and recycled); ` +
          `baseline: crypto.subtle.digest one ${size(setup.pieceBytes)} piece after another, bytes already in the worker; ` +
          `median of ${RUNS} alternating runs (ours ${runs('ours')}, baseline ${runs('baseline')}); ` +
          `browser CPU per MiB: ours ${cpuSummary(cpu.ours, mib)}, baseline ${cpuSummary(cpu.baseline, mib)}`,
      };
    });
  },
};

function timeSide(page: Page, side: ChunkHashSide): Promise<number> {
  return page
    .evaluate(async (which) => {
      if (window.timeChunkHashSide === undefined) throw new Error('the bench page did not load');
      return window.timeChunkHashSide(which);
    }, side)
    .then((rate) => SideRate.parse(rate));
}

/**
 * Total CPU and the threads that spent most of it, in ms per MiB. With two free cores a side takes
 * at least its busiest thread's time and half its total: the figure a quiet machine would approach.
 */
function cpuSummary(byThread: ReadonlyMap<string, number>, mib: number): string {
  if (byThread.size === 0) return 'not measured (no /proc)';
  const perMiB = (ms: number): string => (ms / mib).toFixed(1);
  const total = [...byThread.values()].reduce((sum, ms) => sum + ms, 0);
  const busiest = [...byThread].sort((a, b) => b[1] - a[1]);
  const top = busiest
    .slice(0, 3)
    .map(([thread, ms]) => `${thread.split(' ').slice(1).join(' ')} ${perMiB(ms)}`)
    .join(', ');
  const bound = Math.max(busiest[0]?.[1] ?? 0, total / 2);
  return `${perMiB(total)} ms (${top}; two-core bound ${perMiB(bound)} ms)`;
}
