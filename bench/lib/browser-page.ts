// What the browser benches share: a page folder built by Vite with the app's worker settings into a
// temp dir, served on loopback, opened in Debian's Chromium, and everything closed afterwards (on
// an overrun too). The entry gets the page once it exposes the function it will call.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, defaultClientConditions } from 'vite';
import type { RunContext } from '../entry.js';
import { startStaticServer, type StaticServer } from './static-server.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.js';

export type BenchPageOptions = {
  /** The page's folder: an index.html and the modules it loads. */
  readonly root: string;
  /** The `window` function the page defines once its modules have run; the entry waits for it. */
  readonly ready: string;
  /** Names the temp dir, for whoever finds one left behind. */
  readonly name: string;
  /** For pages that render the app's React components (JSX through @vitejs/plugin-react). */
  readonly react?: boolean;
  /** The page's size, where layout matters (a windowed list renders what fits). */
  readonly viewport?: { readonly width: number; readonly height: number };
};

/**
 * Builds and opens the page at `options.root`, runs `use` on it and closes everything. Errors the
 * page threw while `use` ran fail the run: a bench whose page broke measured nothing.
 */
export async function withBenchPage<T>(
  options: BenchPageOptions,
  { log, signal }: RunContext,
  use: (page: Page) => Promise<T>,
): Promise<T> {
  const outDir = await mkdtemp(join(tmpdir(), `sheaf-bench-${options.name}-`));
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  const closeBrowser = (): void => void browser?.close().catch(() => undefined);
  signal.addEventListener('abort', closeBrowser, { once: true });
  try {
    log('building the page with Vite');
    const pageDir = join(outDir, 'page');
    await buildPage(options.root, pageDir, join(outDir, 'vite-cache'), options.react === true);
    // The build cannot be interrupted; do not start a browser after an overrun.
    signal.throwIfAborted();
    server = await startStaticServer(pageDir);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
    signal.throwIfAborted();
    const page = await browser.newPage(options.viewport === undefined ? {} : { viewport: options.viewport });
    const pageErrors: Error[] = [];
    page.on('pageerror', (error) => pageErrors.push(error));
    page.on('console', (message) => log(`page: ${message.text()}`));
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction((name) => typeof Reflect.get(window, name) === 'function', options.ready, {
      timeout: 15_000,
    });
    const result = await use(page);
    if (pageErrors.length > 0) throw new Error(`the page failed: ${pageErrors.map((e) => e.message).join('; ')}`);
    return result;
  } finally {
    signal.removeEventListener('abort', closeBrowser);
    await browser?.close();
    await server?.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

/**
 * The app's Vite settings for workers (see vite.config.ts), without PWA or wasm plugin: the worker
 * paths need none (hash-wasm carries its wasm inline). React's plugin only for pages that render JSX.
 */
async function buildPage(root: string, outDir: string, cacheDir: string, withReact: boolean): Promise<void> {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    cacheDir,
    resolve: { conditions: ['sheaf-source', ...defaultClientConditions] },
    plugins: withReact ? [react()] : [],
    build: { outDir, emptyOutDir: true, target: 'esnext', reportCompressedSize: false },
    worker: { format: 'es' },
  });
}
