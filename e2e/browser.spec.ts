// The everyday file browser on one device: multi-select with Shift and Ctrl, a bulk move and its
// undo, a keyboard-only journey (arrows, F2, Delete, Ctrl+Z, Enter, Backspace, Shift+F10), sorting
// by a column, the grid view (remembered across a reload), and an axe scan in light and dark.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import {
  collectErrors,
  namesShown,
  newEmail,
  newFolder,
  openDevice,
  row,
  screenshot,
  signUp,
} from './drive-helpers.js';

const selectedCount = (page: Page) => page.getByRole('group', { name: 'Selection' });
const focusedName = (page: Page) =>
  page.evaluate(() => document.activeElement?.querySelector('[data-testid="file-name"]')?.textContent ?? '');

/** Serious and critical accessibility violations of the whole page as shown (WCAG A and AA), by rule and element. */
// Legacy mode runs axe in the page itself: the default opens a second page per scan, which doubled its time.
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .setLegacyMode(true)
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('file browser: select, bulk move, keyboard, context menu, sort, grid, axe', async ({ browser }, testInfo) => {
  // One device through the whole browser, three axe scans included: longer than the default allows on CI.
  test.setTimeout(120_000);
  const { context, page } = await openDevice(browser);
  const errors = collectErrors({ page });
  try {
    await signUp(page, newEmail());
    await newFolder(page, 'Archive');
    await newFolder(page, 'Inbox');
    await page.getByLabel('Upload files').setInputFiles(
      ['a.txt', 'b.txt', 'c.txt'].map((name, i) => ({
        name,
        mimeType: 'text/plain',
        buffer: Buffer.from(name.repeat(30 - 10 * i)),
      })),
    );
    const uploads = page.getByRole('region', { name: 'Uploads' });
    await expect(uploads.getByTestId('uploads-title')).toHaveText('All uploads complete', { timeout: 30_000 });
    await uploads.getByRole('button', { name: 'Clear finished' }).click();
    expect(await namesShown(page)).toEqual(['Archive', 'Inbox', 'a.txt', 'b.txt', 'c.txt']);

    await test.step('shift-click selects a range, ctrl-click takes one out', async () => {
      await row(page, 'a.txt').click();
      await row(page, 'c.txt').click({ modifiers: ['Shift'] });
      await expect(selectedCount(page)).toContainText('3 selected');
      await row(page, 'b.txt').click({ modifiers: ['ControlOrMeta'] });
      await expect(selectedCount(page)).toContainText('2 selected');
      await expect(row(page, 'b.txt')).toHaveAttribute('aria-selected', 'false');
      await expect(row(page, 'c.txt')).toHaveAttribute('aria-selected', 'true');
    });

    await test.step('the selection moves as one, and Ctrl+Z brings it back', async () => {
      await selectedCount(page).getByRole('button', { name: 'Move' }).click();
      const dialog = page.getByRole('dialog', { name: 'Move 2 items' });
      await dialog.getByRole('treeitem', { name: 'Archive', exact: true }).click();
      await dialog.getByRole('button', { name: 'Move here' }).click();
      await expect(row(page, 'a.txt')).toBeHidden();
      await expect(row(page, 'c.txt')).toBeHidden();
      await expect(page.getByTestId('toast').filter({ hasText: 'Moved 2 items to “Archive”' })).toBeVisible();
      await page.keyboard.press('ControlOrMeta+z');
      await expect(row(page, 'a.txt')).toBeVisible();
      await expect(row(page, 'c.txt')).toBeVisible();
    });

    await test.step('keyboard alone: arrows, F2, Ctrl+Z, Delete, Enter, Backspace', async () => {
      await row(page, 'Archive').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      expect(await focusedName(page)).toBe('a.txt');
      await expect(row(page, 'a.txt')).toHaveAttribute('aria-selected', 'true');
      await page.keyboard.press('F2');
      await page.keyboard.type('alpha');
      await page.keyboard.press('Enter');
      await expect(row(page, 'alpha.txt')).toBeVisible();
      await expect.poll(() => focusedName(page)).toBe('alpha.txt');
      await page.keyboard.press('ControlOrMeta+z');
      await expect(row(page, 'a.txt')).toBeVisible();
      await page.keyboard.press('Delete');
      await expect(row(page, 'a.txt')).toBeHidden();
      await expect(page.getByTestId('toast').filter({ hasText: 'Moved “a.txt” to trash' })).toBeVisible();
      await page.keyboard.press('ControlOrMeta+z');
      await expect(row(page, 'a.txt')).toBeVisible();

      await row(page, 'b.txt').focus();
      await page.keyboard.press('Home');
      expect(await focusedName(page)).toBe('Archive');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name: 'Archive' })).toBeVisible();
      await page.keyboard.press('Backspace');
      await expect(page.getByRole('heading', { level: 1, name: 'My Drive' })).toBeVisible();
    });

    await test.step('context menu: Shift+F10 on the focused item, right-click on the selection', async () => {
      await row(page, 'Inbox').focus();
      await page.keyboard.press('Shift+F10');
      const menu = page.getByRole('menu', { name: 'Actions for Inbox' });
      await expect(menu.getByRole('menuitem', { name: 'Open' })).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(menu).toBeHidden();
      await page.keyboard.press('ControlOrMeta+a');
      await expect(selectedCount(page)).toContainText('5 selected');
      await row(page, 'b.txt').click({ button: 'right' });
      await expect(page.getByRole('menu', { name: 'Actions for 5 items' })).toBeVisible();
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await expect(selectedCount(page)).toBeHidden();
    });

    await test.step('sorting by size keeps folders first', async () => {
      await page.getByRole('button', { name: 'Size', exact: true }).click();
      await expect(page.getByRole('columnheader', { name: 'Size' })).toHaveAttribute('aria-sort', 'ascending');
      expect(await namesShown(page)).toEqual(['Archive', 'Inbox', 'c.txt', 'b.txt', 'a.txt']);
      await page.getByRole('button', { name: 'Name', exact: true }).click();
      expect(await namesShown(page)).toEqual(['Archive', 'Inbox', 'a.txt', 'b.txt', 'c.txt']);
    });

    await test.step('no serious accessibility violation, light and dark', async () => {
      await row(page, 'b.txt').click();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, testInfo, 'browser-list-light');
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await seriousViolations(page)).toEqual([]);
      await page.emulateMedia({ colorScheme: 'light' });
    });

    await test.step('grid view: arrows move across, and it is remembered', async () => {
      await page.getByRole('button', { name: 'Grid view' }).click();
      await expect(page.getByRole('gridcell').filter({ hasText: 'Archive' })).toBeVisible();
      await row(page, 'Archive').focus();
      await page.keyboard.press('ArrowRight');
      expect(await focusedName(page)).toBe('Inbox');
      await page.reload();
      await expect(page.getByRole('button', { name: 'Grid view' })).toHaveAttribute('aria-pressed', 'true');
      await expect(row(page, 'c.txt')).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, testInfo, 'browser-grid-light');
      await page.setViewportSize({ width: 390, height: 800 });
      await screenshot(page, testInfo, 'browser-grid-phone');
      await page.getByRole('button', { name: 'List view' }).click();
      await expect(row(page, 'a.txt')).toBeVisible();
      await screenshot(page, testInfo, 'browser-list-phone');
    });

    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
