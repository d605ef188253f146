// ui.shell_repeat: time to the shell's first render on a repeat visit, when the service worker
// serves the app from its precache, against the first visit, when every file comes from the
// network (a fresh browser context, nothing cached). Both against the real relay serving the
// built app (web/dist: `npm run build` first), in Chromium; the time is from navigation start to
// the first React commit into #root (the splash or sign-in screen), read in the page.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import { spawnServer, type ServerProcess } from '../lib/server-process.js';
import { median } from '../stats.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.js';

const RELAY_MAIN = fileURLToPath(new URL('../../relay/src/main.ts', import.meta.url));
const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
/** Pairs of visits, each in a fresh context; the first render takes tens of milliseconds. */
const RUNS = 5;

/** Runs before the app's scripts: notes when React first puts anything into #root. */
const MARK_FIRST_RENDER = `
  new MutationObserver((_, observer) => {
    const root = document.getElementById('root');
    if (root !== null && root.childElementCount > 0) {
      window.__shellRenderedAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

async function shellRenderMs(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const at = await page.waitForFunction(() => (window as { __shellRenderedAt?: number }).__shellRenderedAt, null, {
    timeout: 30_000,
  });
  const ms = await at.jsonValue();
  if (typeof ms !== 'number') throw new Error('the shell never rendered');
  return ms;
}

export const uiShellRepeat: BenchEntry = {
  id: 'ui.shell_repeat',
  unit: 'ms',
  better: 'lower',
  timeoutMs: 120_000,
  async run({ log, signal }: RunContext): Promise<Measurement> {
    if (!existsSync(join(WEB_DIST, 'sw.js'))) throw new Error('web/dist has no service worker: run `npm run build`');
    const dataDir = await mkdtemp(join(tmpdir(), 'sheaf-bench-shell-'));
    let relay: ServerProcess | undefined;
    let browser: Browser | undefined;
    const closeBrowser = (): void => void browser?.close().catch(() => undefined);
    signal.addEventListener('abort', closeBrowser, { once: true });
    try {
      log('starting the relay with the built app');
      relay = await spawnServer(
        RELAY_MAIN,
        { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', WEB_DIR: WEB_DIST, COLLECT_INTERVAL_MINUTES: '0' },
        signal,
      );
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
      const url = `${relay.url}/`;
      const first: number[] = [];
      const repeat: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        signal.throwIfAborted();
        // A fresh context has no HTTP cache and no service worker: a first visit.
        const context = await browser.newContext();
        try {
          await context.addInitScript(MARK_FIRST_RENDER);
          const page = await context.newPage();
          first.push(await shellRenderMs(page, url));
          // The worker installs (precaching the shell) and claims the page; then the visit again.
          await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
          await page.close();
          const again = await context.newPage();
          repeat.push(await shellRenderMs(again, url));
          const served = await again.evaluate(() => navigator.serviceWorker.controller !== null);
          if (!served) throw new Error('the repeat visit was not served by the service worker');
        } finally {
          await context.close();
        }
      }
      log(`first visits ${first.map((ms) => ms.toFixed(0)).join(', ')} ms`);
      log(`repeat visits ${repeat.map((ms) => ms.toFixed(0)).join(', ')} ms`);
      return {
        ours: median(repeat),
        baseline: median(first),
        note: `median of ${RUNS}: navigation start to the first render into #root; repeat from the service worker, first from the relay on loopback`,
      };
    } finally {
      signal.removeEventListener('abort', closeBrowser);
      await browser?.close().catch(() => undefined);
      await relay?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};
