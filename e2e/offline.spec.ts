// Offline, all of it: device A opens the app once online, then without a network reloads it,
// browses, opens a file whose bytes are here, creates, renames, moves, deletes and restores, and
// queues an upload; the queue survives another reload; back online everything syncs, and
// device B (same account) sees every change and the uploaded bytes, checked by SHA-256.
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import {
  collectErrors,
  downloadHash,
  menuAction,
  newEmail,
  newFolder,
  openDevice,
  row,
  screenshot,
  sha256,
  signIn,
  signUp,
  treeShown,
  upload,
  waitForOfflineReady,
} from './drive-helpers.js';

const status = (page: Page) => page.getByRole('status').filter({ has: page.locator('.sync-status-label') });

test('offline: reload, browse, open, edit the tree and queue an upload; all of it reaches another device', async ({
  browser,
}, testInfo) => {
  test.setTimeout(90_000);
  const email = newEmail();
  const notes = 'notes written while online\n';
  const photo = randomBytes(300 * 1024);
  const a = await openDevice(browser, { colorScheme: 'light' });
  const errors = collectErrors({ A: a.page });
  const page = a.page;
  try {
    await test.step('online once: a folder and a file', async () => {
      await signUp(page, email);
      await upload(page, 'notes.txt', notes);
      for (const name of ['Old', 'Scratch']) await newFolder(page, name);
      await waitForOfflineReady(page);
    });

    await test.step('offline, the app reloads from the service worker and shows the drive', async () => {
      await a.context.setOffline(true);
      await page.reload();
      await expect(status(page)).toHaveText('Offline');
      await expect(row(page, 'notes.txt')).toBeVisible();
      // Its bytes were stored here when it was uploaded: it opens without the relay.
      expect(await downloadHash(page, 'notes.txt')).toBe(sha256(notes));
    });

    await test.step('offline: create, rename, move, delete and restore, queue an upload', async () => {
      await newFolder(page, 'Trips');
      await menuAction(page, 'Trips', 'Rename');
      await page.getByLabel('New name for Trips').fill('Travel');
      await page.getByLabel('New name for Trips').press('Enter');
      await expect(row(page, 'Travel')).toBeVisible();

      await menuAction(page, 'notes.txt', 'Move…');
      const dialog = page.getByRole('dialog', { name: 'Move “notes.txt”' });
      await dialog.getByRole('treeitem', { name: 'Travel', exact: true }).click();
      await dialog.getByRole('button', { name: 'Move here' }).click();
      await expect(row(page, 'notes.txt')).toBeHidden();

      await menuAction(page, 'Scratch', 'Move to trash');
      await menuAction(page, 'Old', 'Move to trash');
      await expect(row(page, 'Old')).toBeHidden();
      await page.getByRole('link', { name: /Trash/ }).click();
      await page.getByRole('button', { name: 'Restore Old' }).click();
      await page.getByRole('link', { name: 'My Drive' }).click();
      await expect(row(page, 'Old')).toBeVisible();
      await expect(row(page, 'Scratch')).toBeHidden();

      await upload(page, 'photo.bin', photo, /sends when online/);
      await expect(status(page)).toHaveText(/^Offline · \d+ waiting$/);
      await screenshot(page, testInfo, 'offline-light');
      await page.setViewportSize({ width: 390, height: 760 });
      await screenshot(page, testInfo, 'offline-phone');
      await page.setViewportSize({ width: 1280, height: 800 });
    });

    await test.step('reloaded offline again, the changes and the queued upload are still here', async () => {
      await page.reload();
      await expect(row(page, 'photo.bin')).toBeVisible();
      await expect(row(page, 'Travel')).toBeVisible();
      await expect(status(page)).toHaveText(/^Offline · \d+ waiting$/);
    });

    await test.step('back online, the status goes through syncing to synced', async () => {
      // Every label the pill shows from here on, so that a short "Syncing" is not missed.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as { statusSeen?: string[] }).statusSeen = seen;
        const record = (): void => {
          const text = document.querySelector('.sync-status-label')?.textContent ?? '';
          if (seen.at(-1) !== text) seen.push(text);
        };
        new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      await a.context.setOffline(false);
      await expect(status(page)).toHaveText('Synced', { timeout: 20_000 });
      const seen = await page.evaluate(() => (window as { statusSeen?: string[] }).statusSeen ?? []);
      expect(seen.some((label) => /^Syncing \d+ items?$/.test(label))).toBe(true);
    });

    await test.step('device B sees every change and the same bytes', async () => {
      const b = await openDevice(browser, { colorScheme: 'dark' });
      errors.push(...collectErrors({ B: b.page }));
      try {
        await signIn(b.page, email);
        await expect(row(b.page, 'photo.bin')).toBeVisible();
        expect(await treeShown(b.page)).toEqual(['Old/', 'Travel/', 'Travel/notes.txt', 'photo.bin']);
        expect(await downloadHash(b.page, 'photo.bin')).toBe(sha256(photo));
        await b.page.getByRole('button', { name: /^Account/ }).click();
        await b.page.getByRole('menuitem', { name: 'Settings' }).click();
        await expect(b.page.getByTestId('device-storage')).toBeVisible();
        await expect(b.page.getByTestId('device-free')).not.toHaveText('Unknown');
        await screenshot(b.page, testInfo, 'settings-storage-dark');
      } finally {
        await b.context.close();
      }
    });

    expect(errors).toEqual([]);
  } finally {
    await a.context.close();
  }
});
