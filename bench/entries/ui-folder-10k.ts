// ui.folder_10k: time to render a folder of 10,000 files through the app's FileList (sorted, laid
// out, windowed to the rows on screen), against a folder of 100 rendered whole. Target: within 2×
// of the 100 (a folder a hundred times larger should not feel slower to open). In Chromium, with
// the app's styles; the page (bench/folder-page/) is built by Vite and served on loopback.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { chromium, type Browser } from 'playwright-core';
import { build, defaultClientConditions } from 'vite';
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import { RenderedFolder } from '../folder-page/folder-api.js';
import { startStaticServer, type StaticServer } from '../lib/static-server.js';
import { median } from '../stats.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.js';

const PAGE_ROOT = fileURLToPath(new URL('../folder-page/', import.meta.url));
const LARGE = 10_000;
const SMALL = 100;
/** Timed renders per size, after one untimed of each (JIT and style warm-up). */
const RUNS = 7;

export const uiFolder10k: BenchEntry = {
  id: 'ui.folder_10k',
  unit: 'ms',
  better: 'lower',
  timeoutMs: 120_000,
  async run({ log, signal }: RunContext): Promise<Measurement> {
    const outDir = await mkdtemp(join(tmpdir(), 'sheaf-bench-folder-'));
    let server: StaticServer | undefined;
    let browser: Browser | undefined;
    const closeBrowser = (): void => void browser?.close().catch(() => undefined);
    signal.addEventListener('abort', closeBrowser, { once: true });
    try {
      log('building the page with Vite');
      const pageDir = join(outDir, 'page');
      await build({
        configFile: false,
        root: PAGE_ROOT,
        logLevel: 'warn',
        publicDir: false,
        cacheDir: join(outDir, 'vite-cache'),
        resolve: { conditions: ['sheaf-source', ...defaultClientConditions] },
        plugins: [react()],
        build: { outDir: pageDir, emptyOutDir: true, target: 'esnext', reportCompressedSize: false },
      });
      signal.throwIfAborted();
      server = await startStaticServer(pageDir);
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const pageErrors: Error[] = [];
      page.on('pageerror', (error) => pageErrors.push(error));
      await page.goto(`${server.url}/index.html`);
      await page.waitForFunction(() => typeof window.renderFolder === 'function', undefined, { timeout: 15_000 });
      const render = async (items: number): Promise<RenderedFolder> =>
        RenderedFolder.parse(
          await page.evaluate(async (n) => {
            if (window.renderFolder === undefined) throw new Error('the bench page did not load');
            return window.renderFolder(n);
          }, items),
        );

      await render(LARGE);
      await render(SMALL);
      const large: RenderedFolder[] = [];
      const small: RenderedFolder[] = [];
      for (let run = 0; run < RUNS; run++) {
        signal.throwIfAborted();
        // Alternating which size goes first evens out anything that drifts during a run.
        for (const size of run % 2 === 0 ? [LARGE, SMALL] : [SMALL, LARGE]) {
          const rendered = await render(size);
          (size === LARGE ? large : small).push(rendered);
          log(`run ${run + 1}: ${size} items in ${rendered.ms.toFixed(1)} ms (${rendered.rows} rows)`);
        }
      }
      if (pageErrors.length > 0) throw new Error(`the page failed: ${pageErrors.map((e) => e.message).join('; ')}`);
      const rows = large[0]?.rows ?? 0;
      if (rows >= LARGE) throw new Error(`the folder of ${LARGE} rendered ${rows} rows: it is not windowed`);
      const ours = median(large.map((r) => r.ms));
      const baseline = median(small.map((r) => r.ms));
      return {
        ours,
        baseline,
        note:
          `FileList list view with the app's CSS at 1280×800: ${LARGE} files (${rows} rows rendered) vs ${SMALL} ` +
          `(${small[0]?.rows ?? 0} rows), sort + React commit + layout; jump to the middle then ` +
          `${median(large.map((r) => r.scrollMs)).toFixed(0)} ms to rows there (two frames included); ` +
          `target: within 2× of the ${SMALL}; medians of ${RUNS} alternating runs`,
      };
    } finally {
      signal.removeEventListener('abort', closeBrowser);
      await browser?.close();
      await server?.close();
      await rm(outDir, { recursive: true, force: true });
    }
  },
};
