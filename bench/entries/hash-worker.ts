// hash.worker: SHA-256 throughput of the app's worker pool (workers/src/hash-pool.ts) against
// crypto.subtle.digest on the main thread, same buffers, same Chromium page, same run.
// The page (bench/browser/) is built by Vite with the app's worker settings and served on loopback.
import { fileURLToPath } from 'node:url';
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import { HashBenchResult } from '../browser/hash-bench-api.js';
import { withBenchPage } from '../lib/browser-page.js';

const PAGE_ROOT = fileURLToPath(new URL('../browser/', import.meta.url));
/** Hashed per side per timed run: a few hundred milliseconds at the ~900 MB/s Chromium manages. */
const TOTAL_MIB = 256;
export const hashWorker: BenchEntry = {
  id: 'hash.worker',
  unit: 'MB/s',
  better: 'higher',
  timeoutMs: 60_000,
  run(context: RunContext): Promise<Measurement> {
    return withBenchPage({ root: PAGE_ROOT, ready: 'runHashBench', name: 'hash' }, context, async (page) => {
      const answer: unknown = await page.evaluate(async (totalMiB) => {
        if (window.runHashBench === undefined) throw new Error('the bench page did not load');
        return window.runHashBench(totalMiB);
      }, TOTAL_MIB);
      const result = HashBenchResult.parse(answer);
      const workers = `${result.workers} worker${result.workers === 1 ? '' : 's'}`;
      return {
        ours: result.oursMBps,
        baseline: result.baselineMBps,
        note: `${workers} (hardwareConcurrency ${result.hardwareConcurrency}) vs main-thread crypto.subtle.digest, ${result.chunkBytes / 1024 / 1024} MiB buffers, ${TOTAL_MIB} MiB per side, median of ${result.runs}`,
      };
    });
  },
};
