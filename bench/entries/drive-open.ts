// drive.open: opening a drive of 100,000 files from IndexedDB to the first rendered folder (the
// app's openDriveSync until 'ready', then the root's rows through FileList), against reading the
// same stored bytes from IndexedDB alone. Both in Chromium, each run in a fresh page load.
// The page (bench/drive-page/) is built by Vite with the app's settings and served on loopback.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Automerge from '@automerge/automerge';
import react from '@vitejs/plugin-react';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build, defaultClientConditions, type Plugin } from 'vite';
import wasm from 'vite-plugin-wasm';
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import { OpenedDrive, ReadBytes, SeededDrive } from '../drive-page/drive-open-api.js';
import { driveFixture } from '../lib/drive-fixture.js';
import { startStaticServer, type StaticServer } from '../lib/static-server.js';
import { median } from '../stats.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.js';

const PAGE_ROOT = fileURLToPath(new URL('../drive-page/', import.meta.url));
const FILES = 100_000;
/** Timed runs per side; each open of 100,000 files takes seconds, and the budget holds three. */
const RUNS = 3;
const DOC_PATH = '/drive.bin';

export const driveOpen: BenchEntry = {
  id: 'drive.open',
  unit: 'ms',
  better: 'lower',
  timeoutMs: 180_000,
  async run({ log, signal }: RunContext): Promise<Measurement> {
    const outDir = await mkdtemp(join(tmpdir(), 'sheaf-bench-open-'));
    let server: StaticServer | undefined;
    let context: BrowserContext | undefined;
    const closeBrowser = (): void => void context?.close().catch(() => undefined);
    signal.addEventListener('abort', closeBrowser, { once: true });
    try {
      log(`building a drive of ${FILES} files`);
      const saved = Automerge.save(driveFixture(FILES).doc);
      signal.throwIfAborted();
      log('building the page with Vite');
      const pageDir = join(outDir, 'page');
      await buildPage(pageDir, join(outDir, 'vite-cache'));
      await writeFile(join(pageDir, DOC_PATH), saved);
      // The build cannot be interrupted; do not start a browser after an overrun.
      signal.throwIfAborted();
      server = await startStaticServer(pageDir);
      // A persistent profile, so that IndexedDB is on disk as in the installed app (an incognito
      // context, Playwright's default, keeps it in memory).
      context = await chromium.launchPersistentContext(join(outDir, 'profile'), {
        executablePath: CHROMIUM_PATH,
        args: [...CHROMIUM_ARGS],
      });
      signal.throwIfAborted();
      const page = context.pages()[0] ?? (await context.newPage());
      const pageErrors: Error[] = [];
      page.on('pageerror', (error) => pageErrors.push(error));
      const pageUrl = `${server.url}/index.html`;

      log('storing the drive in IndexedDB');
      await freshLoad(page, pageUrl);
      const seeded = SeededDrive.parse(
        await page.evaluate(async (path) => {
          if (window.seedDrive === undefined) throw new Error('the bench page did not load');
          return window.seedDrive(path);
        }, DOC_PATH),
      );

      const opened: OpenedDrive[] = [];
      const read: ReadBytes[] = [];
      for (let run = 0; run < RUNS; run++) {
        // Alternating which side goes first evens out anything that drifts during a run.
        for (const side of run % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const)) {
          signal.throwIfAborted();
          await freshLoad(page, pageUrl);
          if (side === 'ours') {
            const open = OpenedDrive.parse(
              await page.evaluate(async (url) => {
                if (window.openDrive === undefined) throw new Error('the bench page did not load');
                return window.openDrive(url);
              }, seeded.url),
            );
            opened.push(open);
            log(
              `run ${run + 1} ours: ${ms(open.totalMs)} (ready ${ms(open.readyMs)}, ${open.rows} rows ${ms(open.renderMs)})`,
            );
          } else {
            const bytes = ReadBytes.parse(
              await page.evaluate(async () => {
                if (window.readDriveBytes === undefined) throw new Error('the bench page did not load');
                return window.readDriveBytes();
              }),
            );
            if (bytes.bytes !== seeded.storedBytes)
              throw new Error(`read ${bytes.bytes} bytes, stored ${seeded.storedBytes}`);
            read.push(bytes);
            log(`run ${run + 1} baseline: ${ms(bytes.ms)}`);
          }
        }
      }
      if (pageErrors.length > 0) throw new Error(`the page failed: ${pageErrors.map((e) => e.message).join('; ')}`);
      const mib = (seeded.storedBytes / 1024 / 1024).toFixed(2);
      const rows = opened[0]?.rows ?? 0;
      return {
        ours: median(opened.map((o) => o.totalMs)),
        baseline: median(read.map((r) => r.ms)),
        note:
          `${FILES} files, stored ${mib} MiB in ${seeded.records} IndexedDB records (Automerge.save ${saved.byteLength} B); ` +
          `ours: openDriveSync to 'ready' ${ms(median(opened.map((o) => o.readyMs)))} + FileList of the root's ${rows} rows ` +
          `${ms(median(opened.map((o) => o.renderMs)))}; baseline: getAll over automerge-repo's store; ` +
          `fresh page load per run (module and wasm load not timed), medians of ${RUNS} alternating runs`,
      };
    } finally {
      signal.removeEventListener('abort', closeBrowser);
      await context?.close();
      await server?.close();
      await rm(outDir, { recursive: true, force: true });
    }
  },
};

const ms = (value: number): string => `${value.toFixed(0)} ms`;

/** A new document for each run: nothing of the drive is left in memory, only in IndexedDB. */
async function freshLoad(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => typeof window.openDrive === 'function', undefined, { timeout: 30_000 });
}

const isPlugin = (value: unknown): value is Plugin => typeof value === 'object' && value !== null && 'name' in value;

/**
 * vite-plugin-wasm's `import` types sit in a folder without `"type": "module"`, so under this
 * project's nodenext resolution its default export reads as the module rather than the factory it
 * is at run time; and the factory is typed as returning `any`. Both are checked here instead.
 */
function wasmPlugin(): Plugin {
  const factory: unknown = wasm;
  if (typeof factory !== 'function') throw new Error('vite-plugin-wasm exports no plugin factory');
  const plugin: unknown = Reflect.apply(factory, undefined, []);
  if (!isPlugin(plugin)) throw new Error('vite-plugin-wasm did not return a Vite plugin');
  return plugin;
}

/** The app's Vite settings (see vite.config.ts) without the PWA: React, Automerge's wasm, esnext. */
async function buildPage(outDir: string, cacheDir: string): Promise<void> {
  await build({
    configFile: false,
    root: PAGE_ROOT,
    logLevel: 'warn',
    publicDir: false,
    cacheDir,
    resolve: { conditions: ['sheaf-source', ...defaultClientConditions] },
    plugins: [react(), wasmPlugin()],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'esnext',
      reportCompressedSize: false,
      // One page with Automerge and React in one chunk: the size warning says nothing about the bench.
      chunkSizeWarningLimit: 8 * 1024,
    },
  });
}
