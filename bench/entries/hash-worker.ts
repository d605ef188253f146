// hash.worker: SHA-256 throughput of the app's worker pool (workers/src/hash-pool.ts) against
// crypto.subtle.digest on the main thread, same buffers, same Chromium page, same run.
// The page (bench/browser/) is built by Vite with the app's worker settings and served on loopback.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build, defaultClientConditions } from 'vite';
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import { HashBenchResult } from '../browser/hash-bench-api.js';
import { startStaticServer, type StaticServer } from '../lib/static-server.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.js';

const PAGE_ROOT = fileURLToPath(new URL('../browser/', import.meta.url));
/** Hashed per side per timed run: a few hundred milliseconds at the ~900 MB/s Chromium manages. */
const TOTAL_MIB = 256;
export const hashWorker: BenchEntry = {
  id: 'hash.worker',
  unit: 'MB/s',
  better: 'higher',
  timeoutMs: 60_000,
  async run({ log, signal }: RunContext): Promise<Measurement> {
    const outDir = await mkdtemp(join(tmpdir(), 'sheaf-bench-hash-'));
    let server: StaticServer | undefined;
    let browser: Browser | undefined;
    const closeBrowser = (): void => void browser?.close().catch(() => undefined);
    signal.addEventListener('abort', closeBrowser, { once: true });
    try {
      log('building the page with Vite');
      const pageDir = join(outDir, 'page');
      await buildPage(pageDir, join(outDir, 'vite-cache'));
      // The build cannot be interrupted; do not start a browser after an overrun.
      signal.throwIfAborted();
      server = await startStaticServer(pageDir);
      browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: [...CHROMIUM_ARGS],
      });
      signal.throwIfAborted();
      const page = await browser.newPage();
      const pageErrors: Error[] = [];
      page.on('pageerror', (error) => pageErrors.push(error));
      page.on('console', (message) => log(`page: ${message.text()}`));
      await page.goto(`${server.url}/index.html`);
      await page.waitForFunction(() => typeof window.runHashBench === 'function', undefined, { timeout: 15_000 });
      const answer: unknown = await page.evaluate(async (totalMiB) => {
        if (window.runHashBench === undefined) throw new Error('the bench page did not load');
        return window.runHashBench(totalMiB);
      }, TOTAL_MIB);
      const result = HashBenchResult.parse(answer);
      if (pageErrors.length > 0) throw new Error(`the page failed: ${pageErrors.map((e) => e.message).join('; ')}`);
      const workers = `${result.workers} worker${result.workers === 1 ? '' : 's'}`;
      return {
        ours: result.oursMBps,
        baseline: result.baselineMBps,
        note: `${workers} (hardwareConcurrency ${result.hardwareConcurrency}) vs main-thread crypto.subtle.digest, ${result.chunkBytes / 1024 / 1024} MiB buffers, ${TOTAL_MIB} MiB per side, median of ${result.runs}`,
      };
    } finally {
      signal.removeEventListener('abort', closeBrowser);
      await browser?.close();
      await server?.close();
      await rm(outDir, { recursive: true, force: true });
    }
  },
};

/** The app's Vite settings for workers (see vite.config.ts), without React, PWA or wasm: the hash path needs none. */
async function buildPage(outDir: string, cacheDir: string): Promise<void> {
  await build({
    configFile: false,
    root: PAGE_ROOT,
    logLevel: 'warn',
    publicDir: false,
    cacheDir,
    resolve: { conditions: ['sheaf-source', ...defaultClientConditions] },
    build: { outDir, emptyOutDir: true, target: 'esnext', reportCompressedSize: false },
    worker: { format: 'es' },
  });
}
