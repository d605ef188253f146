// The version history setting end to end: a file with three versions, the drive set to keep only
// the last one from the account menu's Settings; the two older versions show as expired and offer
// neither download, restore nor compare, on this device after a reload and on a second device.
import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import {
  collectErrors,
  menuAction,
  newEmail,
  openDevice,
  signIn,
  signUp,
  upload,
  schemeShots,
} from './drive-helpers.js';

const NAME = 'notes.txt';

async function openSettings(page: Page, testInfo?: TestInfo): Promise<Locator> {
  await page.getByRole('button', { name: /^Account/ }).click();
  if (testInfo !== undefined) await schemeShots(page, testInfo, 'account-menu', { schemes: ['light'] });
  await page.getByRole('menuitem', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings).toBeVisible();
  return settings;
}

/** Opens the versions of NAME and checks the newest is current and both older ones expired. */
async function expectTwoExpired(page: Page): Promise<Locator> {
  await menuAction(page, NAME, 'Versions');
  const dialog = page.getByRole('dialog', { name: `Versions of “${NAME}”` });
  const versions = dialog.getByTestId('version');
  await expect(versions).toHaveCount(3);
  await expect(versions.nth(0)).toHaveAttribute('data-state', 'current');
  await expect(versions.nth(0).getByText('Current', { exact: true })).toBeVisible();
  for (const n of [1, 2]) {
    await expect(versions.nth(n)).toHaveAttribute('data-state', 'expired');
    await expect(versions.nth(n).getByText('Expired', { exact: true })).toBeVisible();
    await expect(versions.nth(n).getByRole('checkbox')).toBeDisabled();
  }
  // Only the current version can be downloaded, and nothing can be restored.
  await expect(dialog.getByRole('button', { name: /^Download version 3 / })).toBeVisible();
  await expect(dialog.getByRole('button', { name: /^Download version [12] / })).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: /^Restore/ })).toHaveCount(0);
  await expect(dialog.getByText('2 older versions have expired')).toBeVisible();
  return dialog;
}

test('version history setting: keeping the last version expires the older ones, everywhere', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const email = newEmail();
  const { context, page } = await openDevice(browser, { colorScheme: 'light' });
  const errors = collectErrors({ page });
  try {
    await test.step('a file with three versions', async () => {
      await signUp(page, email);
      await upload(page, NAME, 'first\n');
      await upload(page, NAME, 'first\nsecond\n', /^Uploaded as a new version$/);
      await upload(page, NAME, 'first\nsecond\nthird\n', /^Uploaded as a new version$/);
      await menuAction(page, NAME, 'Versions');
      const dialog = page.getByRole('dialog', { name: `Versions of “${NAME}”` });
      await expect(dialog.getByTestId('version')).toHaveCount(3);
      await expect(dialog.getByText('Expired', { exact: true })).toHaveCount(0);
      await dialog.getByRole('button', { name: 'Close' }).click();
      // Every version counts against the quota: 6 + 13 + 19 bytes.
      await expect(page.getByTestId('storage-meter')).toContainText('38 bytes of 16 GB used');
      await schemeShots(page, testInfo, 'storage-meter', { schemes: ['light'] });
    });

    await test.step('set "Keep the last 1 version" in the settings', async () => {
      const settings = await openSettings(page, testInfo);
      await expect(settings.getByRole('radio', { name: 'Keep every version' })).toBeChecked();
      const versions = settings.getByLabel('Number of versions to keep');
      await versions.fill('0');
      await expect(settings.getByRole('radio', { name: /^Keep the last/ })).toBeChecked();
      await settings.getByRole('button', { name: 'Save' }).click();
      await expect(settings.getByRole('alert')).toHaveText('Enter a whole number of versions from 1 to 10,000.');
      await expect(versions).toHaveAttribute('aria-invalid', 'true');
      await versions.fill('1');
      await expect(settings.getByRole('alert')).toHaveCount(0);
      await expect(settings.getByRole('status')).toHaveText(
        'With this setting, 2 earlier versions in your drive will expire.',
      );
      await expect(settings.getByRole('radio', { name: 'Keep the last 1 version' })).toBeChecked();
      await schemeShots(page, testInfo, 'settings');
      await settings.getByRole('button', { name: 'Save' }).click();
      await expect(settings).toBeHidden();
      await expect(page.getByText('Version history: keeping only the current version')).toBeVisible();
    });

    await test.step('the two older versions are expired', async () => {
      const dialog = await expectTwoExpired(page);
      await schemeShots(page, testInfo, 'versions-expired');
      await dialog.getByRole('button', { name: 'Close' }).click();
      // Expired versions no longer count against the quota.
      await expect(page.getByTestId('storage-meter')).toContainText('19 bytes of 16 GB used');
    });

    await test.step('the setting survives a reload', async () => {
      await page.reload();
      await expect(page.getByRole('heading', { name: 'My Drive' })).toBeVisible();
      const settings = await openSettings(page);
      await expect(settings.getByRole('radio', { name: /^Keep the last/ })).toBeChecked();
      await expect(settings.getByLabel('Number of versions to keep')).toHaveValue('1');
      await settings.getByRole('button', { name: 'Cancel' }).click();
      await expect(settings).toBeHidden();
      const dialog = await expectTwoExpired(page);
      await dialog.getByRole('button', { name: 'Close' }).click();
    });

    await test.step('another device of the same user shows the same', async () => {
      const other = await openDevice(browser, { colorScheme: 'dark' });
      const otherErrors = collectErrors({ other: other.page });
      try {
        await signIn(other.page, email);
        await expectTwoExpired(other.page);
        expect(otherErrors).toEqual([]);
      } finally {
        await other.context.close();
      }
    });
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
