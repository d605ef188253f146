// What the drive specs do as a user would: sign up or in, upload, find rows by their exact name,
// run row actions, and read the tree a device shows, folder by folder.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, type Browser, type BrowserContext, type Locator, type Page, type TestInfo } from '@playwright/test';

export const PASSWORD = 'correct horse battery staple';

export const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

export const newEmail = (): string => `e2e-${Date.now()}-${randomBytes(4).toString('hex')}@example.com`;

export type Device = { readonly context: BrowserContext; readonly page: Page };

export async function openDevice(
  browser: Browser,
  options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {},
): Promise<Device> {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
  });
  const page = await context.newPage();
  return { context, page };
}

/**
 * Uncaught exceptions in a page fail the spec even when the UI looks right, and so does anything the
 * Content-Security-Policy refused (Chromium reports each refusal on the console): the app must run
 * under the relay's policy, not merely look as if it does.
 */
export function collectErrors(pages: Record<string, Page>): string[] {
  const errors: string[] = [];
  const cspRefusal = (text: string): boolean => /Content Security Policy/i.test(text);
  for (const [name, page] of Object.entries(pages)) {
    page.on('pageerror', (error) => errors.push(`${name}: ${error.message}`));
    page.on('console', (message) => {
      if (cspRefusal(message.text())) errors.push(`${name}: ${message.text()}`);
    });
    page.on('worker', (worker) =>
      worker.on('console', (message) => {
        if (cspRefusal(message.text())) errors.push(`${name} (worker): ${message.text()}`);
      }),
    );
  }
  return errors;
}

/**
 * The first drive a fresh browser opens also loads and compiles the sync code and Automerge's wasm,
 * which on a busy 2-core CI machine has taken over 10 s: the wait for the drive allows for that.
 */
const FIRST_OPEN_MS = 30_000;

export async function signUp(page: Page, email: string, name = 'Ada Lovelace'): Promise<void> {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Create account' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'My Drive' })).toBeVisible({ timeout: FIRST_OPEN_MS });
  await expect(page.getByRole('status').filter({ hasText: 'Synced' })).toBeVisible({ timeout: FIRST_OPEN_MS });
}

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'My Drive' })).toBeVisible({ timeout: FIRST_OPEN_MS });
  await expect(page.getByRole('status').filter({ hasText: 'Synced' })).toBeVisible({ timeout: FIRST_OPEN_MS });
}

/** The service worker controls the page, so the app's own files load offline. */
export async function waitForOfflineReady(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

const exactly = (text: string): RegExp => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** The row of the item named exactly `name` in the folder shown. */
export const row = (page: Page, name: string): Locator =>
  page.getByTestId('file-row').filter({ has: page.getByTestId('file-name').filter({ hasText: exactly(name) }) });

/** Uploads one file into the folder shown and waits until it is saved (here, and sent if online). */
export async function upload(
  page: Page,
  name: string,
  content: string | Buffer,
  expected = /^Uploaded/,
): Promise<void> {
  await page.getByLabel('Upload files').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(content) });
  const uploads = page.getByRole('region', { name: 'Uploads' });
  await expect(uploads.getByText(expected)).toBeVisible({ timeout: 30_000 });
  await uploads.getByRole('button', { name: 'Clear finished' }).click();
}

export async function newFolder(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'New folder' }).click();
  await page.getByLabel('New folder name').fill(name);
  await page.getByLabel('New folder name').press('Enter');
  await expect(row(page, name)).toBeVisible();
}

export async function menuAction(page: Page, name: string, action: string): Promise<void> {
  await page.getByRole('button', { name: `More actions for ${name}`, exact: true }).click();
  await page.getByRole('menuitem', { name: action }).click();
}

/** Names in the folder shown, in the order shown. */
export const namesShown = (page: Page): Promise<string[]> => page.getByTestId('file-name').allInnerTexts();

/**
 * The whole tree a device shows, as sorted paths ('B/', 'B/A/', 'notes.txt'), walked through the
 * UI: each folder is opened by its address in the hash (the app's own navigation, no reload).
 */
export async function treeShown(page: Page): Promise<string[]> {
  const paths: string[] = [];
  const walk = async (hash: string, prefix: string, title: string): Promise<void> => {
    await page.evaluate((h) => {
      window.location.hash = h;
    }, hash);
    await expect(page.getByRole('heading', { level: 1, name: title, exact: true })).toBeVisible();
    const rows = page.getByTestId('file-row');
    const items = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-node-id') ?? '',
        kind: tr.getAttribute('data-kind') ?? '',
        name: tr.querySelector('[data-testid="file-name"]')?.textContent ?? '',
      })),
    );
    for (const item of items) {
      paths.push(`${prefix}${item.name}${item.kind === 'folder' ? '/' : ''}`);
      if (item.kind === 'folder') await walk(`#/folder/${item.id}`, `${prefix}${item.name}/`, item.name);
    }
  };
  await walk('#/', '', 'My Drive');
  await page.evaluate(() => {
    window.location.hash = '#/';
  });
  return paths.sort();
}

/** Downloads the current version of `name` from the folder shown and returns its SHA-256. */
export async function downloadHash(page: Page, name: string): Promise<string> {
  const downloading = page.waitForEvent('download', { timeout: 5_000 });
  await page.getByRole('button', { name: `Download ${name}`, exact: true }).click();
  const download = await downloading;
  return sha256(await readFile(await download.path()));
}

export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: false });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * `target` (the page, or one element of it) shot in each colour scheme given, light and dark by
 * default, attached as `<name>-<scheme>`. Animations are run to their end, so a scheme switch is
 * not caught halfway; the page is left in light.
 */
export async function schemeShots(
  page: Page,
  testInfo: TestInfo,
  name: string,
  options: { readonly target?: Locator; readonly schemes?: ReadonlyArray<'light' | 'dark'> } = {},
): Promise<void> {
  for (const colorScheme of options.schemes ?? ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    const path = testInfo.outputPath(`${name}-${colorScheme}.png`);
    await (options.target ?? page).screenshot({ path, animations: 'disabled' });
    await testInfo.attach(`${name}-${colorScheme}`, { path, contentType: 'image/png' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** A field of the saved session row, as the app wrote it to IndexedDB. */
export const savedSession = (page: Page, field: 'token' | 'refreshToken'): Promise<string | undefined> =>
  page.evaluate(
    (name) =>
      new Promise<string | undefined>((resolve, reject) => {
        const open = indexedDB.open('sheaf');
        open.onerror = () => reject(new Error('could not open the database'));
        open.onsuccess = () => {
          const get = open.result.transaction('session').objectStore('session').get('current');
          get.onerror = () => reject(new Error('could not read the session'));
          get.onsuccess = () => {
            const row: unknown = get.result;
            open.result.close();
            const value: unknown = typeof row === 'object' && row !== null ? Reflect.get(row, name) : undefined;
            resolve(typeof value === 'string' ? value : undefined);
          };
        };
      }),
    field,
  );
