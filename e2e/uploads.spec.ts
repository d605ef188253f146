// The upload panel as a user meets it: a folder tree chosen with "Upload folder" and another
// dropped from the desktop land in the same folders (an existing folder of the same name is used,
// an empty folder is made too); a file paused mid-upload resumes and finishes; a chunk the relay
// refuses once fails the file with the reason and a Retry that works. Small files, so it is quick.
// A folder of hundreds of small files goes in a few batch requests, not a request per file, and a
// second device downloads one of them.
// Service workers are blocked so that every request the page makes goes through the routes here.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { expect, test, type Browser, type Page, type Request } from '@playwright/test';
import {
  collectErrors,
  downloadHash,
  newEmail,
  row,
  sha256,
  signIn,
  signUp,
  treeShown,
  type Device,
} from './drive-helpers.js';

const isChunkPut = (request: Request): boolean =>
  request.method() === 'PUT' && new URL(request.url()).pathname.startsWith('/api/v1/chunks/');
/** Many chunks in one request: how small files are sent. */
const isChunkBatch = (request: Request): boolean =>
  request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/chunks/batch';
/** Any request carrying chunk bytes to the relay. */
const isChunkUpload = (request: Request): boolean => isChunkPut(request) || isChunkBatch(request);

async function openDevice(browser: Browser): Promise<Device> {
  const context = await browser.newContext({
    serviceWorkers: 'block',
    colorScheme: 'light',
    viewport: { width: 1280, height: 860 },
  });
  return { context, page: await context.newPage() };
}

const panel = (page: Page) => page.getByRole('region', { name: 'Uploads' });
const uploadRow = (page: Page, name: string) => panel(page).getByTestId('upload-row').filter({ hasText: name });

/** Drops a folder tree on the drive as the desktop does: directory entries read during the drop. */
async function dropFolder(page: Page, tree: { files: Record<string, string>; empty: string[] }): Promise<void> {
  await page.getByTestId('drop-zone').evaluate((zone, { files, empty }) => {
    type Entry = Record<string, unknown>;
    const folders = new Map<string, Entry[]>();
    const folder = (path: string): Entry[] => {
      let children = folders.get(path);
      if (children === undefined) {
        children = [];
        folders.set(path, children);
        const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : undefined;
        const name = path.slice(path.lastIndexOf('/') + 1);
        const list = children;
        const entry: Entry = {
          isFile: false,
          isDirectory: true,
          name,
          fullPath: `/${path}`,
          // Like Chromium: batches until an empty answer.
          createReader: () => {
            let read = false;
            return {
              readEntries: (done: (batch: Entry[]) => void) =>
                setTimeout(() => {
                  done(read ? [] : list);
                  read = true;
                }),
            };
          },
        };
        if (parent === undefined) roots.push(entry);
        else folder(parent).push(entry);
      }
      return children;
    };
    const roots: Entry[] = [];
    for (const path of empty) folder(path);
    for (const [path, text] of Object.entries(files)) {
      const name = path.slice(path.lastIndexOf('/') + 1);
      folder(path.slice(0, path.lastIndexOf('/'))).push({
        isFile: true,
        isDirectory: false,
        name,
        fullPath: `/${path}`,
        file: (done: (file: File) => void) => done(new File([text], name, { type: 'text/plain' })),
      });
    }
    const dataTransfer = {
      types: ['Files'],
      items: roots.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry })),
      files: [],
      dropEffect: 'none',
    };
    for (const type of ['dragenter', 'dragover', 'drop']) {
      const event = new DragEvent(type, { bubbles: true, cancelable: true });
      Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
      zone.dispatchEvent(event);
    }
  }, tree);
}

/** Writes the picked folder: a small tree on disk, as a user's desktop has it. */
async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(`${root}/${path}`), { recursive: true });
    await writeFile(`${root}/${path}`, text);
  }
}

/** Chunk uploads as a test wants them: 'hold' waits for the gate, 'fail' refuses the next one with a 500. */
async function steerChunkPuts(page: Page) {
  const net: { mode: 'pass' | 'hold' | 'fail' } = { mode: 'pass' };
  let openGate = (): void => undefined;
  const gate = new Promise<void>((resolve) => {
    openGate = resolve;
  });
  let held = (): void => undefined;
  const someHeld = new Promise<void>((resolve) => {
    held = resolve;
  });
  await page.route(
    (url) => url.pathname.startsWith('/api/v1/chunks/'),
    async (route) => {
      if (!isChunkUpload(route.request())) return route.continue();
      if (net.mode === 'fail') {
        net.mode = 'pass';
        return route.fulfill({
          status: 500,
          contentType: 'application/json',
          body: JSON.stringify({ error: { kind: 'internal', message: 'disk on fire' } }),
        });
      }
      if (net.mode === 'hold') {
        held();
        await gate;
      }
      // A request held while its upload was paused has been aborted by the page.
      return route.continue().catch(() => undefined);
    },
  );
  return { net, openGate, someHeld };
}

// One sign-up for all of it: opening a first drive is most of the time a spec takes. Device A serves
// both tests, in order (the second's folder goes beside the first's tree); after a failure Playwright
// starts a new worker, so the next test or a retry signs up afresh.
let a: Device;
let email = '';
let errors: string[] = [];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(60_000);
  email = newEmail();
  a = await openDevice(browser);
  errors = collectErrors({ A: a.page });
  await signUp(a.page, email);
});

test.afterAll(async () => {
  await a.context.close();
});

test('folders chosen or dropped, pause and resume, failure and retry', async () => {
  const testInfo = test.info();
  const page = a.page;
  try {
    const steer = await steerChunkPuts(page);

    await test.step('a folder chosen with "Upload folder" keeps its tree', async () => {
      const root = testInfo.outputPath('Trip');
      await writeTree(root, {
        'notes.txt': 'packing list\n',
        'day1/a.txt': 'museum\n',
        'day1/b.txt': 'harbour\n',
        'day2/c.txt': 'hills\n',
      });
      await page.getByLabel('Upload folder').setInputFiles(root);
      await expect(panel(page).getByTestId('uploads-title')).toHaveText('All uploads complete');
      await expect(uploadRow(page, 'a.txt')).toContainText('Trip/day1/');
    });

    await test.step('a folder dropped from the desktop goes into the folder of that name, empty folders too', async () => {
      await dropFolder(page, {
        files: { 'trip/day3/d.txt': 'beach\n', 'trip/day1/e.txt': 'boat\n' },
        empty: ['trip/empty'],
      });
      await expect(uploadRow(page, 'e.txt')).toContainText('Uploaded');
      await expect(uploadRow(page, 'd.txt')).toContainText('Uploaded');
      await expect(panel(page).getByTestId('uploads-title')).toHaveText('All uploads complete');
      await expect(row(page, 'Trip')).toBeVisible();
      // "trip" was the folder already there, whatever its case; "empty" was made though it holds nothing.
      expect(await treeShown(page)).toEqual([
        'Trip/',
        'Trip/day1/',
        'Trip/day1/a.txt',
        'Trip/day1/b.txt',
        'Trip/day1/e.txt',
        'Trip/day2/',
        'Trip/day2/c.txt',
        'Trip/day3/',
        'Trip/day3/d.txt',
        'Trip/empty/',
        'Trip/notes.txt',
      ]);
      await panel(page).getByRole('button', { name: 'Clear finished' }).click();
    });

    await test.step('a file paused mid-upload waits; another refused by the relay says why', async () => {
      await page
        .getByLabel('Upload files')
        .setInputFiles({ name: 'report.txt', mimeType: 'text/plain', buffer: Buffer.from('q3\n') });
      await expect(uploadRow(page, 'report.txt')).toContainText('Uploaded');

      steer.net.mode = 'hold';
      await page.getByLabel('Upload files').setInputFiles({
        name: 'film.bin',
        mimeType: 'application/octet-stream',
        buffer: randomBytes(3 * 1024 * 1024),
      });
      await steer.someHeld;
      await page.getByRole('button', { name: 'Pause upload of film.bin' }).click();
      await expect(uploadRow(page, 'film.bin')).toContainText('Paused');
      await expect(panel(page).getByTestId('uploads-title')).toHaveText('Uploads paused');

      steer.net.mode = 'fail';
      steer.openGate();
      await page
        .getByLabel('Upload files')
        .setInputFiles({ name: 'flaky.txt', mimeType: 'text/plain', buffer: Buffer.from('once\n') });
      await expect(uploadRow(page, 'flaky.txt')).toContainText('went wrong on the server');
      await expect(page.getByRole('button', { name: 'Retry upload of flaky.txt' })).toBeVisible();
      await expect(uploadRow(page, 'film.bin')).toContainText('Paused');

      await page.mouse.move(0, 0);
      await page.screenshot({ path: '/tmp/sheaf-uploads-page-light.png' });
      await panel(page).screenshot({ path: '/tmp/sheaf-uploads-light.png' });
      await page.emulateMedia({ colorScheme: 'dark' });
      await panel(page).screenshot({ path: '/tmp/sheaf-uploads-dark.png' });
      await page.emulateMedia({ colorScheme: 'light' });
    });

    await test.step('retried and resumed, both finish', async () => {
      await page.getByRole('button', { name: 'Retry upload of flaky.txt' }).click();
      await expect(uploadRow(page, 'flaky.txt')).toContainText('Uploaded');
      await page.getByRole('button', { name: 'Resume upload of film.bin' }).click();
      await expect(uploadRow(page, 'film.bin')).toContainText('Uploaded', { timeout: 20_000 });
      await expect(panel(page).getByTestId('uploads-title')).toHaveText('All uploads complete');
      for (const name of ['report.txt', 'film.bin', 'flaky.txt']) await expect(row(page, name)).toBeVisible();
      await panel(page).getByRole('button', { name: 'Clear finished' }).click();
      await expect(panel(page)).toHaveCount(0);
    });
    expect(errors).toEqual([]);
  } finally {
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  }
});

test('a folder of many small files goes in a few batch requests and reaches another device', async ({
  browser,
}, testInfo) => {
  const COUNT = 300;
  const b = await openDevice(browser);
  errors.push(...collectErrors({ B: b.page }));
  try {
    const root = testInfo.outputPath('Many');
    const bytes = new Map<string, Buffer>();
    await mkdir(root, { recursive: true });
    for (let i = 0; i < COUNT; i++) {
      const name = `note-${String(i).padStart(3, '0')}.txt`;
      bytes.set(name, randomBytes(2048 + i));
      await writeFile(`${root}/${name}`, bytes.get(name) ?? '');
    }
    const sent = { puts: 0, batches: 0 };
    a.page.on('request', (request) => {
      if (isChunkPut(request)) sent.puts++;
      if (isChunkBatch(request)) sent.batches++;
    });

    await a.page.getByLabel('Upload folder').setInputFiles(root);
    await expect(panel(a.page).getByTestId('uploads-title')).toHaveText('All uploads complete', { timeout: 30_000 });
    // 300 files of about 2 KiB: one or two batches, and no request per file.
    expect(sent.puts).toBe(0);
    expect(sent.batches).toBeGreaterThanOrEqual(1);
    expect(sent.batches).toBeLessThanOrEqual(4);
    await row(a.page, 'Many').dblclick();
    await expect(a.page.getByTestId('file-row')).toHaveCount(COUNT);

    await signIn(b.page, email);
    await row(b.page, 'Many').dblclick();
    await expect(b.page.getByTestId('file-row')).toHaveCount(COUNT);
    expect(await downloadHash(b.page, 'note-123.txt')).toBe(sha256(bytes.get('note-123.txt') ?? ''));
    expect(errors).toEqual([]);
  } finally {
    await b.context.close();
  }
});
