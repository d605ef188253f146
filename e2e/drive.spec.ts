// The drive end to end: two devices of one user edit the same tree while both are offline, then
// reconnect (the socket comes back by itself, no reload) and must show the same tree, with no cycle,
// one name per folder, the edit beating the delete, and both versions of a file kept. Also the
// trash (Undo, Delete forever) and version history (compare, restore) as a user drives them.
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
  type Device,
  upload,
  waitForOfflineReady,
} from './drive-helpers.js';

const pill = (page: Page, text: string): ReturnType<Page['getByRole']> =>
  page.getByRole('status').filter({ hasText: text });

test('two devices edit apart and converge without losing anything', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const email = newEmail();
  const a = await openDevice(browser, { colorScheme: 'light' });
  const b = await openDevice(browser, { colorScheme: 'dark' });
  const errors = collectErrors({ A: a.page, B: b.page });
  const notesFromA = 'notes, as edited on device A\nline two\n';
  const notesFromB = 'notes, as edited on device B\nline two\nand a third\n';

  try {
    await test.step('both devices share a starting tree', async () => {
      await signUp(a.page, email);
      await signIn(b.page, email);
      for (const name of ['A', 'B', 'Draft']) await newFolder(a.page, name);
      await upload(a.page, 'notes.txt', 'the first notes\n');
      await upload(b.page, 'todo.txt', 'buy milk\n');
      for (const { page } of [a, b]) {
        for (const name of ['A', 'B', 'Draft', 'notes.txt', 'todo.txt']) await expect(row(page, name)).toBeVisible();
        await waitForOfflineReady(page);
      }
    });

    await test.step('both go offline', async () => {
      await a.context.setOffline(true);
      await b.context.setOffline(true);
      await expect(pill(a.page, 'Offline')).toBeVisible();
      await expect(pill(b.page, 'Offline')).toBeVisible();
    });

    await test.step('device A: new notes, A into B, Draft → Final, todo.txt to the trash', async () => {
      const page = a.page;
      await upload(page, 'notes.txt', notesFromA, /new version · sends when online/);
      await row(page, 'A').dragTo(row(page, 'B'));
      await expect(row(page, 'A')).toBeHidden();
      await row(page, 'Draft').click();
      await page.keyboard.press('F2');
      await page.getByLabel('New name for Draft').fill('Final');
      await page.getByLabel('New name for Draft').press('Enter');
      await expect(row(page, 'Final')).toBeVisible();
      await menuAction(page, 'todo.txt', 'Move to trash');
      await expect(row(page, 'todo.txt')).toBeHidden();
      await screenshot(page, testInfo, 'device-a-offline-light');
    });

    await test.step('device B: other notes, B into A, Draft → Published, a new todo.txt', async () => {
      const page = b.page;
      await upload(page, 'notes.txt', notesFromB, /new version · sends when online/);
      await menuAction(page, 'B', 'Move…');
      const dialog = page.getByRole('dialog', { name: 'Move “B”' });
      await dialog.getByRole('treeitem', { name: 'A', exact: true }).click();
      await screenshot(page, testInfo, 'move-dialog-dark');
      await dialog.getByRole('button', { name: 'Move here' }).click();
      await expect(row(page, 'B')).toBeHidden();
      await menuAction(page, 'Draft', 'Rename');
      await page.getByLabel('New name for Draft').fill('Published');
      await page.getByLabel('New name for Draft').press('Enter');
      await expect(row(page, 'Published')).toBeVisible();
      await upload(page, 'todo.txt', 'buy milk\nand bread\n', /new version · sends when online/);
    });

    await test.step('both come back online and show the same tree', async () => {
      await a.context.setOffline(false);
      await b.context.setOffline(false);
      await expect(pill(a.page, 'Synced')).toBeVisible({ timeout: 20_000 });
      await expect(pill(b.page, 'Synced')).toBeVisible({ timeout: 20_000 });
      let tree: string[] = [];
      await expect
        .poll(
          async () => {
            tree = await treeShown(a.page);
            return tree.join('\n') === (await treeShown(b.page)).join('\n') && tree.length === 6;
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      testInfo.annotations.push({ type: 'converged tree', description: tree.join(' | ') });

      // No cycle: one of A and B is inside the other, which is at the root.
      const folderPair = tree.filter((p) => /^(A|B)\/((A|B)\/)?$/.test(p));
      expect([
        ['A/', 'A/B/'],
        ['B/', 'B/A/'],
      ]).toContainEqual(folderPair);
      // One name for Draft: the last rename wins everywhere.
      const renamed = tree.filter((p) => p === 'Final/' || p === 'Published/' || p === 'Draft/');
      expect(renamed).toHaveLength(1);
      expect(renamed[0]).not.toBe('Draft/');
      // The edit beat the delete.
      expect(tree).toContain('todo.txt');
      // Both versions of notes.txt: the file and exactly one conflicted copy beside it.
      expect(tree).toContain('notes.txt');
      const copies = tree.filter((p) => p.includes('conflicted copy'));
      expect(copies).toHaveLength(1);
      expect(copies[0]).toMatch(/^notes \(.*conflicted copy \d{4}-\d{2}-\d{2}\)\.txt$/);
      await screenshot(a.page, testInfo, 'converged-device-a-light');
      await screenshot(b.page, testInfo, 'converged-device-b-dark');
      // Inside the folder that holds the other: breadcrumbs, and a row's menu.
      const outer = folderPair[0]?.replace('/', '') ?? 'A';
      await row(b.page, outer).dblclick();
      await expect(b.page.getByRole('heading', { level: 1, name: outer, exact: true })).toBeVisible();
      await b.page.getByRole('button', { name: /^More actions for / }).click();
      await expect(b.page.getByRole('menu')).toBeVisible();
      await screenshot(b.page, testInfo, 'folder-menu-dark');
      await b.page.keyboard.press('Escape');
      await b.page.getByRole('navigation', { name: 'Folder path' }).getByRole('link', { name: 'My Drive' }).click();
      await expect(b.page.getByRole('heading', { level: 1, name: 'My Drive' })).toBeVisible();
    });

    await test.step('nothing is lost: device B downloads both notes', async () => {
      const page = b.page;
      const copy = (await page.getByTestId('file-name').allInnerTexts()).find((n) => n.includes('conflicted copy'));
      if (copy === undefined) throw new Error('no conflicted copy shown');
      await expect(row(page, copy)).toContainText('Conflicted copy');
      // Device A's bytes reach the relay once it is back: retry until they have.
      const hashes: string[] = [];
      await expect(async () => {
        hashes.length = 0;
        hashes.push(await downloadHash(page, 'notes.txt'), await downloadHash(page, copy));
      }).toPass({ timeout: 30_000 });
      expect(hashes.sort()).toEqual([sha256(notesFromA), sha256(notesFromB)].sort());
    });

    expect(errors).toEqual([]);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

/**
 * One account and one device for the single-device tests below, in this order: opening a fresh
 * drive costs more than most of them. Each leaves the drive at My Drive with nothing open, and the
 * trash as it found it but for what it checks; a test retried runs on a fresh worker, so a fresh account.
 */
test.describe('one device', () => {
  let device: Device;
  let page: Page;
  let errors: string[] = [];

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(60_000);
    device = await openDevice(browser);
    page = device.page;
    errors = collectErrors({ page });
    await signUp(page, newEmail());
  });

  test.afterAll(async () => {
    await device.context.close();
  });

  test.beforeEach(() => {
    errors.length = 0;
  });

  test('trash: undo from the toast, then delete forever from the trash', async () => {
    const testInfo = test.info();
    await upload(page, 'old report.txt', 'an old report\n');
    await upload(page, 'keep.txt', 'keep me\n');

    await row(page, 'old report.txt').click();
    await page.keyboard.press('Delete');
    await expect(row(page, 'old report.txt')).toBeHidden();
    const toast = page.getByTestId('toast').filter({ hasText: 'Moved “old report.txt” to trash' });
    await expect(toast).toBeVisible();
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect(row(page, 'old report.txt')).toBeVisible();

    await menuAction(page, 'old report.txt', 'Move to trash');
    await expect(row(page, 'old report.txt')).toBeHidden();
    await page.getByRole('link', { name: /Trash/ }).click();
    await expect(page.getByRole('heading', { name: 'Trash' })).toBeVisible();
    const trashed = page.getByTestId('trash-row').filter({ hasText: 'old report.txt' });
    await expect(trashed).toContainText('From My Drive');
    await expect(trashed).toContainText('Ada Lovelace');
    await screenshot(page, testInfo, 'trash-light');
    await page.getByRole('button', { name: 'Delete old report.txt forever' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete forever?' });
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: 'Delete forever' }).click();
    await expect(page.getByText('The trash is empty')).toBeVisible();

    await page.getByRole('link', { name: 'My Drive' }).click();
    await expect(row(page, 'keep.txt')).toBeVisible();
    await expect(row(page, 'old report.txt')).toBeHidden();

    await page.getByRole('button', { name: 'Activity' }).click();
    const activity = page.getByRole('complementary', { name: 'Activity' });
    await expect(activity.getByTestId('activity-item').first()).toContainText('Deleted old report.txt forever');
    await screenshot(page, testInfo, 'activity-light');
    await page.getByRole('button', { name: 'Close activity' }).click();
    await expect(activity).toBeHidden();
    expect(errors).toEqual([]);
  });

  test('version history: compare two versions and restore the first', async () => {
    const testInfo = test.info();
    await page.emulateMedia({ colorScheme: 'dark' });
    const first = 'Shopping\n- milk\n- bread\n';
    const second = 'Shopping\n- milk\n- butter\n- eggs\n';
    try {
      await upload(page, 'list.md', first);
      await upload(page, 'list.md', second, /^Uploaded as a new version$/);
      // A new version of the file, not a second file of that name.
      await expect(row(page, 'list.md')).toHaveCount(1);

      await menuAction(page, 'list.md', 'Versions');
      const dialog = page.getByRole('dialog', { name: 'Versions of “list.md”' });
      await expect(dialog.getByTestId('version')).toHaveCount(2);
      await dialog.getByRole('checkbox').nth(0).check();
      await dialog.getByRole('checkbox').nth(1).check();
      await screenshot(page, testInfo, 'versions-dark');
      await dialog.getByRole('button', { name: 'Compare' }).click();
      const compare = page.getByRole('dialog', { name: 'Compare versions of “list.md”' });
      const diff = compare.getByTestId('diff');
      await expect(diff.locator('.diff-line.is-removed')).toHaveText(['−- bread']);
      await expect(diff.locator('.diff-line.is-added')).toHaveText(['+- butter', '+- eggs']);
      await screenshot(page, testInfo, 'compare-dark');
      await compare.getByRole('button', { name: 'All versions' }).click();

      await dialog.getByRole('button', { name: /^Restore version 1 / }).click();
      await expect(dialog.getByTestId('version')).toHaveCount(3);
      await dialog.getByRole('button', { name: 'Close' }).click();
      expect(await downloadHash(page, 'list.md')).toBe(sha256(first));
      expect(errors).toEqual([]);
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });

  test('phone width: the drive, its menu and the trash fit', async () => {
    const testInfo = test.info();
    await page.setViewportSize({ width: 390, height: 844 });
    await newFolder(page, 'Photos');
    await upload(page, 'a rather long file name for a phone screen.txt', 'hello\n');
    await screenshot(page, testInfo, 'phone-light');
    await menuAction(page, 'Photos', 'Rename');
    await page.getByLabel('New name for Photos').press('Escape');
    await page.getByRole('button', { name: 'Activity' }).click();
    await expect(page.getByRole('complementary', { name: 'Activity' })).toBeVisible();
    await screenshot(page, testInfo, 'phone-activity-light');
    await page.getByRole('button', { name: 'Close activity' }).click();
    const fileName = 'a rather long file name for a phone screen.txt';
    await menuAction(page, fileName, 'Versions');
    await expect(page.getByRole('dialog', { name: `Versions of “${fileName}”` })).toBeVisible();
    await screenshot(page, testInfo, 'phone-versions-light');
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await menuAction(page, fileName, 'Move to trash');
    await page.getByRole('link', { name: /Trash/ }).click();
    await expect(page.getByTestId('trash-row')).toHaveCount(1);
    await screenshot(page, testInfo, 'phone-trash-light');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
  });
});
