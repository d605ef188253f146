// transfer.page_memory_2g: how far the page's memory rises while the app uploads a 2 GiB file (the
// issue's bound: about 64 MiB), against the same page reading the same File through
// `file.stream()` to its end and dropping every piece, the least any upload must do. Both in
// Chromium against the real relay serving the built app (web/dist: `npm run build` first), signed
// in, the upload through the app's own file input, so the chunk pool's workers, Dexie and the
// sender are the real ones. "The page" is the renderer processes (the page, its dedicated workers
// and the service worker live there) and the browser process, which holds the bytes of the Blobs the
// page makes and IndexedDB's on their way to disk, summed at each reading of /proc: a Blob of chunk
// bytes costs the browser process, not the renderer, and must count.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import { writeRandomFile } from '../lib/random-file.js';
import { spawnServer, type ServerProcess } from '../lib/server-process.js';
import { descendants, readOr } from '../lib/thread-cpu.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.js';

const RELAY_MAIN = fileURLToPath(new URL('../../relay/src/main.ts', import.meta.url));
const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const FILE_BYTES = 2 * 1024 * 1024 * 1024;
const POLL_MS = 100;
/** Let the page settle (first sync, compile, GC) before its idle level is read. */
const SETTLE_MS = 2_000;
const UPLOAD_TIMEOUT_MS = 600_000;
const PASSWORD = 'correct horse battery staple';

type Kind = 'renderer' | 'browser' | 'other' | 'page';

/** RSS in KiB of this process's Chromium descendants, summed by kind. */
function chromiumRss(): Record<Kind, number> {
  const sums: Record<Kind, number> = { renderer: 0, browser: 0, other: 0, page: 0 };
  for (const pid of descendants()) {
    const cmdline = readOr(`/proc/${pid}/cmdline`) ?? '';
    if (!cmdline.includes('chromium')) continue;
    const rss = /VmRSS:\s+(\d+)/.exec(readOr(`/proc/${pid}/status`) ?? '')?.[1];
    if (rss === undefined) continue;
    const kind: Kind = cmdline.includes('--type=renderer')
      ? 'renderer'
      : cmdline.includes('--type=')
        ? 'other'
        : 'browser';
    sums[kind] += Number(rss);
  }
  sums.page = sums.renderer + sums.browser;
  return sums;
}

type Growth = { readonly idleKiB: Record<Kind, number>; readonly peakKiB: Record<Kind, number> };

/** Runs `work` while polling RSS; the idle level is read just before. */
async function growthDuring(work: () => Promise<void>): Promise<Growth> {
  const idleKiB = chromiumRss();
  const peakKiB = { ...idleKiB };
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const now = chromiumRss();
      for (const kind of Object.keys(now) as Kind[]) peakKiB[kind] = Math.max(peakKiB[kind], now[kind]);
      await sleep(POLL_MS);
    }
  })();
  try {
    await work();
  } finally {
    polling = false;
    await poller;
  }
  return { idleKiB, peakKiB };
}

const grewMiB = (g: Growth, kind: Kind): number => (g.peakKiB[kind] - g.idleKiB[kind]) / 1024;

async function signUp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('tab', { name: 'Create account' }).click();
  await page.getByLabel('Name').fill('Bench');
  await page.getByLabel('Email').fill(`bench-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('status').filter({ hasText: 'Synced' }).waitFor({ timeout: 60_000 });
}

/** The baseline: the page reads the File to its end through its stream, keeping nothing. */
async function readInPage(page: Page, path: string): Promise<void> {
  const input = await page.evaluateHandle(() => {
    const element = document.createElement('input');
    element.type = 'file';
    element.style.display = 'none';
    document.body.append(element);
    return element;
  });
  await input.setInputFiles(path);
  const bytes = await input.evaluate(async (element) => {
    const file = element.files?.[0];
    if (file === undefined) throw new Error('no file chosen');
    const reader = file.stream().getReader();
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
    }
    element.remove();
    return total;
  });
  if (bytes !== FILE_BYTES) throw new Error(`the page read ${bytes} B of ${FILE_BYTES}`);
}

/** Ours: the app's upload, until the upload panel says it is done; a failure is thrown with its message. */
async function uploadInApp(page: Page, path: string, log: (message: string) => void): Promise<void> {
  await page.getByLabel('Upload files').setInputFiles(path);
  const uploads = page.getByRole('region', { name: 'Uploads' });
  const done = uploads.getByText(/^Uploaded/);
  const retry = uploads.getByRole('button', { name: /^Retry upload of/ });
  const deadline = performance.now() + UPLOAD_TIMEOUT_MS;
  let lastLog = performance.now();
  while (!(await done.isVisible())) {
    if (await retry.isVisible()) {
      const shown = await uploads.innerText();
      await page.screenshot({ path: join(tmpdir(), 'sheaf-bench-page-memory-failed.png') });
      throw new Error(`the upload failed: ${shown.replace(/\s+/g, ' ')}`);
    }
    if (performance.now() > deadline) throw new Error('the upload did not finish in time');
    if (performance.now() - lastLog > 15_000) {
      lastLog = performance.now();
      log(`uploading: ${(await uploads.innerText()).replace(/\s+/g, ' ').slice(0, 160)}`);
    }
    await sleep(250);
  }
}

export const transferPageMemory: BenchEntry = {
  id: 'transfer.page_memory_2g',
  unit: 'MiB',
  better: 'lower',
  timeoutMs: 900_000,
  async run({ log, signal }: RunContext): Promise<Measurement> {
    if (!existsSync(join(WEB_DIST, 'sw.js'))) throw new Error('web/dist has no service worker: run `npm run build`');
    const dir = await mkdtemp(join(tmpdir(), 'sheaf-bench-page-memory-'));
    let relay: ServerProcess | undefined;
    let context: BrowserContext | undefined;
    const closeBrowser = (): void => void context?.close().catch(() => undefined);
    signal.addEventListener('abort', closeBrowser, { once: true });
    try {
      const path = join(dir, 'big.bin');
      log('writing 2 GiB of random bytes');
      await writeRandomFile(path, FILE_BYTES, signal);
      relay = await spawnServer(
        RELAY_MAIN,
        {
          DATA_DIR: join(dir, 'relay'),
          PORT: '0',
          HOST: '127.0.0.1',
          WEB_DIR: WEB_DIST,
          COLLECT_INTERVAL_MINUTES: '0',
        },
        signal,
      );
      // A profile on disk: a plain new context is off the record, its IndexedDB held in memory
      // under a small quota, which is not what a user's browser does with 2 GiB of chunks.
      context = await chromium.launchPersistentContext(join(dir, 'profile'), {
        executablePath: CHROMIUM_PATH,
        args: [...CHROMIUM_ARGS],
      });
      const page = context.pages()[0] ?? (await context.newPage());
      log('signing up');
      await signUp(page, `${relay.url}/`);
      await sleep(SETTLE_MS);

      log('baseline: the page reads the file through its stream');
      const baseline = await growthDuring(() => readInPage(page, path));
      await sleep(SETTLE_MS);
      log('ours: the app uploads the file');
      const started = performance.now();
      const ours = await growthDuring(() => uploadInApp(page, path, log));
      const seconds = (performance.now() - started) / 1000;
      log(`uploaded in ${seconds.toFixed(1)} s`);
      const mib = (kib: number): string => (kib / 1024).toFixed(0);
      return {
        ours: grewMiB(ours, 'page'),
        baseline: grewMiB(baseline, 'page'),
        note:
          `2 GiB random file, peak RSS of the renderer processes (page, workers, service worker) and the browser process together, minus their level just before, polled every ${POLL_MS} ms; ` +
          `ours: the app's upload through its file input (chunk pool, Dexie, sender), ${seconds.toFixed(0)} s, renderer idle ${mib(ours.idleKiB.renderer)} MiB; ` +
          `baseline: the same page reading the File's stream to its end; ` +
          `alone, the renderers grew ${grewMiB(ours, 'renderer').toFixed(0)} MiB (ours) and ${grewMiB(baseline, 'renderer').toFixed(0)} MiB (baseline), the browser process ${grewMiB(ours, 'browser').toFixed(0)} and ${grewMiB(baseline, 'browser').toFixed(0)} MiB, other Chromium processes ${grewMiB(ours, 'other').toFixed(0)} and ${grewMiB(baseline, 'other').toFixed(0)} MiB`,
      };
    } finally {
      signal.removeEventListener('abort', closeBrowser);
      await context?.close().catch(() => undefined);
      await relay?.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
