// The transfer engine end to end on the real relay: a new version of 16 MiB with one byte
// inserted in the middle sends only the chunk or two around the edit (counted on the wire), and an
// upload of 64 MiB cut off half-way finishes once the network is back without sending again what had arrived.
// Each time a second device downloads the very bytes. The contexts block service workers, so that
// every request the page makes is seen (and, for the cut, routed) here; nothing reloads offline.
// Both tests use one account and the same two signed-in devices: opening a drive is most of what a
// small spec costs, and the files (big.bin, cut.bin) do not meet.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { expect, test, type Browser, type Page, type Request, type Response, type TestInfo } from '@playwright/test';
import { ChunkPutResponse } from '@sheaf/shared/protocol/chunk-put';
import { collectErrors, newEmail, row, sha256, signIn, signUp, type Device } from './drive-helpers.js';

const MIB = 1024 * 1024;
const FILE_BYTES = 64 * MIB;
/**
 * The edited file: 16 MiB spans a dozen chunks, enough for an edit to have neighbours, and keeps the
 * run short; shared/src/chunking/fastcdc.test.ts checks the same edit on 64 MiB at the chunker.
 */
const DELTA_BYTES = 16 * MIB;
/** FastCDC's largest chunk (shared/src/chunking/fastcdc.ts). */
const MAX_CHUNK_BYTES = 4 * MIB;

const isChunkPut = (request: Request): boolean =>
  request.method() === 'PUT' && new URL(request.url()).pathname.startsWith('/api/v1/chunks/');

async function openDevice(browser: Browser): Promise<Device> {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
  return { context, page: await context.newPage() };
}

/** Writes `bytes` as `name` under the test's output folder and returns its path. */
async function fileOf(testInfo: TestInfo, folder: string, name: string, bytes: Uint8Array): Promise<string> {
  const path = testInfo.outputPath(folder, name);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  return path;
}

/** Picks the file at `path` for upload and waits until the upload list says `expected`. */
async function uploadPath(page: Page, path: string, expected: RegExp): Promise<void> {
  await page.getByLabel('Upload files').setInputFiles(path);
  const uploads = page.getByRole('region', { name: 'Uploads' });
  await expect(uploads.getByText(expected)).toBeVisible({ timeout: 90_000 });
  await uploads.getByRole('button', { name: 'Clear finished' }).click();
}

/** Downloads `name` from the folder shown and returns the SHA-256 of what was saved. */
async function downloadedHash(page: Page, name: string): Promise<string> {
  const downloading = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByRole('button', { name: `Download ${name}`, exact: true }).click();
  const download = await downloading;
  return sha256(await readFile(await download.path()));
}

/**
 * The bytes of every chunk PUT the page made, as the relay counted them in its answer (Chromium
 * reports no body size for a Blob body); polled, since a response is read after the UI moves on.
 */
function countChunkPuts(page: Page): { total: () => Promise<number>; reset: () => void; stop: () => void } {
  let sizes: Array<Promise<number>> = [];
  const count = (response: Response): void => {
    if (!isChunkPut(response.request())) return;
    sizes.push(
      response
        .json()
        .then((body: unknown) => ChunkPutResponse.parse(body).size)
        // A PUT refused or cut off counts its body anyway: it went on the wire.
        .catch(() => Number(response.request().headers()['content-length'] ?? MAX_CHUNK_BYTES)),
    );
  };
  page.on('response', count);
  return {
    total: async () => (await Promise.all(sizes)).reduce((a, b) => a + b, 0),
    reset: () => {
      sizes = [];
    },
    stop: () => {
      page.off('response', count);
    },
  };
}

// The second test starts from the devices the first used; after a failure Playwright starts a new
// worker, so the next test (or a retry) signs in afresh.
let a: Device;
let b: Device;
let errors: string[] = [];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  const email = newEmail();
  a = await openDevice(browser);
  b = await openDevice(browser);
  errors = collectErrors({ A: a.page, B: b.page });
  await signUp(a.page, email);
  await signIn(b.page, email);
});

test.afterAll(async () => {
  await a.context.close();
  await b.context.close();
});

test('a one-byte edit in the middle of 16 MiB sends at most two chunks', async () => {
  test.setTimeout(240_000);
  const testInfo = test.info();
  const original = randomBytes(DELTA_BYTES);
  const middle = DELTA_BYTES / 2;
  const edited = Buffer.concat([original.subarray(0, middle), Buffer.from([0x5a]), original.subarray(middle)]);
  const firstPath = await fileOf(testInfo, 'v1', 'big.bin', original);
  const editedPath = await fileOf(testInfo, 'v2', 'big.bin', edited);

  const puts = countChunkPuts(a.page);
  try {
    await test.step('the first version sends all its bytes', async () => {
      await uploadPath(a.page, firstPath, /^Uploaded$/);
      // Random bytes repeat no chunk: every byte goes once. (Polled: the last request may finish late.)
      await expect.poll(() => puts.total()).toBe(DELTA_BYTES);
    });

    await test.step('the edited version sends only the chunks around the edit', async () => {
      puts.reset();
      await uploadPath(a.page, editedPath, /^Uploaded as a new version$/);
      const sent = await puts.total();
      testInfo.annotations.push({ type: 'new version PUT bytes', description: String(sent) });
      expect(sent).toBeGreaterThan(0);
      expect(sent).toBeLessThanOrEqual(2 * MAX_CHUNK_BYTES);
    });

    await test.step('another device downloads the edited bytes', async () => {
      await expect(row(b.page, 'big.bin')).toBeVisible({ timeout: 30_000 });
      expect(await downloadedHash(b.page, 'big.bin')).toBe(sha256(edited));
    });
    expect(errors).toEqual([]);
  } finally {
    puts.stop();
  }
});

test('an upload cut off half-way finishes when the network is back, sending nothing twice', async () => {
  test.setTimeout(240_000);
  const testInfo = test.info();
  const bytes = randomBytes(FILE_BYTES);
  const path = await fileOf(testInfo, 'cut', 'cut.bin', bytes);
  // PUTs are held back a little, so that the cut lands half-way however fast this machine is;
  // once cut, every API request the page makes fails as it would without a network.
  const net: { phase: 'uploading' | 'cut' | 'restored' } = { phase: 'uploading' };
  // A function, not a test in place: the phase changes while the route handler awaits.
  const isCut = (): boolean => net.phase === 'cut';
  let cutDone: Promise<void> | undefined;
  /** Chunk PUTs that arrived before the network came back, and those after, by URL. */
  const arrived = new Set<string>();
  const resent: string[] = [];
  await a.page.route(
    (url) => url.pathname.startsWith('/api/'),
    async (route) => {
      if (isCut()) return route.abort('internetdisconnected');
      if (isChunkPut(route.request())) await new Promise((resolve) => setTimeout(resolve, 100));
      if (isCut()) return route.abort('internetdisconnected');
      return route.continue();
    },
  );
  a.page.on('response', (response) => {
    if (!isChunkPut(response.request()) || !response.ok()) return;
    if (net.phase === 'restored') {
      resent.push(response.url());
      return;
    }
    arrived.add(response.url());
    if (net.phase === 'uploading' && arrived.size === 8) {
      net.phase = 'cut';
      cutDone = a.context.setOffline(true);
    }
  });

  await a.page.getByLabel('Upload files').setInputFiles(path);
  await test.step('the network goes once some chunks have arrived; the file is saved here', async () => {
    const uploads = a.page.getByRole('region', { name: 'Uploads' });
    await expect(uploads.getByText(/^Uploaded · sends when online$/)).toBeVisible({ timeout: 90_000 });
    expect(net.phase).toBe('cut');
    await cutDone;
    await expect(a.page.locator('.sync-status[role="status"]')).toHaveText(/^Offline · \d+ waiting$/);
  });

  await test.step('back online, the rest goes and nothing that arrived goes again', async () => {
    net.phase = 'restored';
    // From here the route would only pass requests on: without it, the rest of the 64 MiB is not
    // held back nor carried through the interception (responses are still seen, and counted).
    await a.page.unrouteAll({ behavior: 'wait' });
    await a.context.setOffline(false);
    // "Synced" with nothing waiting: the chunks saved while cut off have all been sent.
    const synced = a.page.locator('.sync-status[role="status"]');
    await expect(synced).toHaveText('Synced', { timeout: 90_000 });
    await expect(row(b.page, 'cut.bin')).toBeVisible({ timeout: 30_000 });
    expect(await downloadedHash(b.page, 'cut.bin')).toBe(sha256(bytes));
    testInfo.annotations.push({
      type: 'chunk PUTs',
      description: `${arrived.size} before the network came back, ${resent.length} after`,
    });
    expect(resent.length).toBeGreaterThan(0);
    expect(resent.filter((url) => arrived.has(url))).toEqual([]);
    expect(new Set(resent).size).toBe(resent.length);
  });
  expect(errors).toEqual([]);
});
