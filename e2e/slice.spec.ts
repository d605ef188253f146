// The first slice end to end: two browser contexts are two devices of one user, against the real
// relay. A signs up and uploads a file of several chunks; B, signed in meanwhile, sees it appear
// without a reload and downloads exactly the same bytes.
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { collectErrors } from './drive-helpers.js';

const MIB = 1024 * 1024;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test('two devices of one user: sign up, upload, live sync, download the same bytes', async ({ browser }, testInfo) => {
  const email = `e2e-${Date.now()}-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'correct horse battery staple';
  const fileName = 'field-notes.bin';
  // 3.5 MiB spans four 1 MiB chunks, the last one partial.
  const original = randomBytes(3.5 * MIB);
  const filePath = testInfo.outputPath(fileName);
  await writeFile(filePath, original);

  // Device B renders in dark mode, so that the run also shows the dark theme.
  const deviceA = await browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 800 } });
  const deviceB = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 800 } });
  const a = await deviceA.newPage();
  const b = await deviceB.newPage();
  // Uncaught exceptions and CSP refusals in either page fail the test, even when the UI looks right.
  const pageErrors = collectErrors({ 'device A': a, 'device B': b });

  try {
    await test.step('device A creates an account', async () => {
      await a.goto('/');
      await expect(a.getByRole('button', { name: 'Sign in' })).toBeVisible();
      await screenshot(a, testInfo, 'sign-in-light');
      await a.getByRole('tab', { name: 'Create account' }).click();
      await a.getByLabel('Name').fill('Ada Lovelace');
      await a.getByLabel('Email').fill(email);
      await a.getByLabel('Password').fill(password);
      await a.getByRole('button', { name: 'Create account' }).click();
      await expect(a.getByRole('heading', { name: 'My Drive' })).toBeVisible();
      await expect(a.getByText('No files yet')).toBeVisible();
    });

    await test.step('the app is an installable PWA with a registered service worker', async () => {
      const manifestHref = await a.locator('link[rel="manifest"]').getAttribute('href');
      expect(manifestHref).toBeTruthy();
      const manifest: unknown = await (await a.request.get(manifestHref ?? '')).json();
      expect(manifest).toMatchObject({ name: 'Sheaf', display: 'standalone', start_url: '/' });
      await expect
        .poll(() => a.evaluate(async () => (await navigator.serviceWorker.getRegistration()) !== undefined))
        .toBe(true);
      const active = await a.evaluate(async () => (await navigator.serviceWorker.ready).active !== null);
      expect(active).toBe(true);
    });

    await test.step('device B signs in to the same drive', async () => {
      await b.goto('/');
      await b.getByLabel('Email').fill(email);
      await b.getByLabel('Password').fill(password);
      await b.getByRole('button', { name: 'Sign in' }).click();
      await expect(b.getByRole('heading', { name: 'My Drive' })).toBeVisible();
      // The name given at sign-up on device A follows the account to device B.
      await expect(b.getByText('Ada Lovelace')).toBeVisible();
      await expect(b.getByText('No files yet')).toBeVisible();
    });

    await test.step('a wrong password is refused with a readable message', async () => {
      // A third, signed-out context: A and B would restore their sessions.
      const fresh = await browser.newContext();
      const page = await fresh.newPage();
      await page.goto('/');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expect(page.getByRole('alert')).not.toBeEmpty();
      await fresh.close();
    });

    await test.step('device A uploads a file of several chunks', async () => {
      await a.getByLabel('Upload files').setInputFiles(filePath);
      const uploads = a.getByRole('region', { name: 'Uploads' });
      await expect(uploads.getByText('Uploaded')).toBeVisible({ timeout: 30_000 });
      await expect(a.getByRole('row', { name: fileName })).toBeVisible();
    });

    await test.step('device B shows the file within 2 s, without a reload', async () => {
      const row = b.getByRole('row', { name: fileName });
      await expect(row).toBeVisible({ timeout: 2_000 });
      await expect(row).toContainText('3.7 MB');
      await expect(row).toContainText(/on Linux/);
      await screenshot(a, testInfo, 'files-device-a-light');
      await screenshot(b, testInfo, 'files-device-b-dark');
    });

    await test.step('device B downloads exactly the bytes A uploaded', async () => {
      const downloading = b.waitForEvent('download');
      await b.getByRole('button', { name: `Download ${fileName}` }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe(fileName);
      const bytes = await readFile(await download.path());
      expect(bytes.byteLength).toBe(original.byteLength);
      expect(sha256(bytes)).toBe(sha256(original));
    });

    await test.step('device A, offline, reopens the app and downloads from its own copy', async () => {
      await deviceA.setOffline(true);
      await a.reload();
      await expect(a.getByRole('row', { name: fileName })).toBeVisible();
      await expect(a.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
      const downloading = a.waitForEvent('download');
      await a.getByRole('button', { name: `Download ${fileName}` }).click();
      const bytes = await readFile(await (await downloading).path());
      expect(sha256(bytes)).toBe(sha256(original));
      await screenshot(a, testInfo, 'files-device-a-offline');
    });

    expect(pageErrors).toEqual([]);
  } finally {
    await deviceA.close();
    await deviceB.close();
  }
});
