// ui.folder_10k: time to render a folder of 10,000 files through the app's FileList (sorted, laid
// out, windowed to the rows on screen), against a folder of 100 rendered whole. Target: within 2×
// of the 100 (a folder a hundred times larger should not feel slower to open). In Chromium, with
// the app's styles; the page (bench/folder-page/) is built by Vite and served on loopback.
import { fileURLToPath } from 'node:url';
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import { RenderedFolder } from '../folder-page/folder-api.js';
import { withBenchPage } from '../lib/browser-page.js';
import { median } from '../stats.js';

const PAGE_ROOT = fileURLToPath(new URL('../folder-page/', import.meta.url));
const LARGE = 10_000;
const SMALL = 100;
/** Timed renders per size, after one untimed of each (JIT and style warm-up). */
const RUNS = 7;
const VIEWPORT = { width: 1280, height: 800 };

export const uiFolder10k: BenchEntry = {
  id: 'ui.folder_10k',
  unit: 'ms',
  better: 'lower',
  timeoutMs: 120_000,
  run(context: RunContext): Promise<Measurement> {
    const { log, signal } = context;
    const options = { root: PAGE_ROOT, ready: 'renderFolder', name: 'folder', react: true, viewport: VIEWPORT };
    return withBenchPage(options, context, async (page) => {
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
    });
  },
};
