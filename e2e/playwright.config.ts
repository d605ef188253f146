// Playwright against the real relay and Debian's Chromium. `npm run test:e2e` builds first; this
// config only starts `node relay/dist/main.js` on its own port with a fresh data directory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';

const PORT = 8090;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// The config is evaluated again in every test worker: the environment carries the main process's
// directory to them, so one run makes one data directory.
process.env['SHEAF_E2E_DATA_DIR'] ??= mkdtempSync(join(tmpdir(), 'sheaf-e2e-'));
const dataDir = process.env['SHEAF_E2E_DATA_DIR'];

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: process.env['CI'] === undefined ? 0 : 1,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    headless: true,
    acceptDownloads: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] },
  },
  webServer: {
    command: 'node relay/dist/main.js',
    cwd: repoRoot,
    env: { PORT: String(PORT), DATA_DIR: dataDir },
    url: `http://localhost:${PORT}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
