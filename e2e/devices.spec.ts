// Signed-in devices end to end: two browser contexts sign in to one account and each is a device in
// the settings; A signs B out and B is back at the sign-in screen, told why, within seconds (the
// relay closes B's sync socket with 4401). Signing out from the account menu signs the device out
// on the relay too. And a refused access token is renewed in the page, the request retried, and
// the sync socket's next connection carries the new token.
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  collectErrors,
  downloadHash,
  menuAction,
  newEmail,
  newFolder,
  openDevice,
  PASSWORD,
  row,
  savedSession,
  sha256,
  signIn,
  signUp,
  upload,
  schemeShots,
} from './drive-helpers.js';

const SIGNED_OUT_ELSEWHERE = 'This device was signed out from another device.';

// Each screen is shot once in both schemes; its passing states (loading, offline, refused, confirm)
// in one, alternating, since every shot and scheme switch costs a second or so on a busy machine.

async function openSettings(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: /^Account/ }).click();
  await page.getByRole('menuitem', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings).toBeVisible();
  return settings;
}

const thisDeviceName = (page: Page): Promise<string> => page.locator('.account-device').innerText();

const devicesIn = (settings: Locator): Locator =>
  settings.getByRole('list', { name: 'Signed-in devices' }).getByTestId('device');

test('a device signed out from another is back at the sign-in screen, told why', async ({ browser }, testInfo) => {
  // Seven screenshots and four sign-ins: slow on a busy machine.
  test.setTimeout(180_000);
  const email = newEmail();
  const a = await openDevice(browser, { colorScheme: 'light', height: 1000 });
  const b = await openDevice(browser, { colorScheme: 'light' });
  const errors = collectErrors({ A: a.page, B: b.page });
  try {
    let nameA = '';
    let nameB = '';
    await test.step('both devices sign in to one account', async () => {
      await signUp(a.page, email);
      await signIn(b.page, email);
      nameA = await thisDeviceName(a.page);
      nameB = await thisDeviceName(b.page);
      expect(nameA).toMatch(/^Chromium on Linux · [0-9a-f]{4}$/);
      expect(nameB).not.toBe(nameA);
    });

    await test.step("A's settings list both devices, A as this device", async () => {
      // The list is held back for a moment, to see it loading.
      let answer = (): void => undefined;
      const held = new Promise<void>((resolve) => (answer = resolve));
      await a.page.route('**/api/v1/devices', async (route) => {
        await held;
        await route.continue();
      });
      const settings = await openSettings(a.page);
      await expect(settings.getByLabel('Loading your devices')).toBeVisible();
      await schemeShots(a.page, testInfo, 'devices-loading', {
        target: settings.getByRole('region', { name: 'Devices' }),
        schemes: ['light'],
      });
      answer(); // later lists pass straight through
      const devices = devicesIn(settings);
      await expect(devices).toHaveCount(2);
      const first = devices.nth(0);
      await expect(first).toContainText(nameA);
      await expect(first.getByText('This device', { exact: true })).toBeVisible();
      await expect(first).toContainText('Web (Chromium, Linux) · Active now');
      await expect(first.getByRole('button')).toHaveCount(0);
      const second = devices.nth(1);
      await expect(second).toContainText(nameB);
      await expect(second).toContainText(/Web \(Chromium, Linux\) · Last seen just now/);
      await expect(second.getByRole('button', { name: `Sign out ${nameB}` })).toBeVisible();
      // The version history section is still there and still works.
      await expect(settings.getByRole('radio', { name: 'Keep every version' })).toBeChecked();
      await schemeShots(a.page, testInfo, 'devices', { target: settings });
      await settings.getByRole('button', { name: 'Cancel' }).click();
      await expect(settings).toBeHidden();
    });

    await test.step('offline, the settings say why there is no list, and list it once back', async () => {
      await a.context.setOffline(true);
      await expect(a.page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
      const settings = await openSettings(a.page);
      await expect(settings.getByText('You’re offline. Your devices are listed here')).toBeVisible();
      await schemeShots(a.page, testInfo, 'devices-offline', {
        target: settings.getByRole('region', { name: 'Devices' }),
        schemes: ['dark'],
      });
      await a.context.setOffline(false);
      await expect(devicesIn(settings)).toHaveCount(2, { timeout: 15_000 });
      await settings.getByRole('button', { name: 'Cancel' }).click();
    });

    await test.step('a sign-out the relay refuses puts the device back, with the reason', async () => {
      let refusals = 0;
      await a.page.route('**/api/v1/devices/*', async (route) => {
        if (route.request().method() !== 'DELETE' || refusals > 0) return route.continue();
        refusals += 1;
        return route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ error: { kind: 'unavailable', message: 'the relay is restarting' } }),
        });
      });
      const settings = await openSettings(a.page);
      await expect(devicesIn(settings)).toHaveCount(2);
      await settings.getByRole('button', { name: `Sign out ${nameB}` }).click();
      await a.page
        .getByRole('dialog', { name: 'Sign out this device?' })
        .getByRole('button', { name: 'Sign out' })
        .click();
      const alert = settings.getByRole('alert');
      await expect(alert).toHaveText(
        `“${nameB}” was not signed out. Sheaf is unavailable right now. Try again in a moment.`,
      );
      await expect(devicesIn(settings)).toHaveCount(2);
      await schemeShots(a.page, testInfo, 'devices-error', {
        target: settings.getByRole('region', { name: 'Devices' }),
        schemes: ['light'],
      });
      await alert.getByRole('button', { name: 'Dismiss' }).click();
      await expect(alert).toBeHidden();
      await settings.getByRole('button', { name: 'Cancel' }).click();
      expect(refusals).toBe(1);
    });

    await test.step('A signs B out; B shows the sign-in screen with the notice within seconds', async () => {
      const settings = await openSettings(a.page);
      await settings.getByRole('button', { name: `Sign out ${nameB}` }).click();
      const confirm = a.page.getByRole('dialog', { name: 'Sign out this device?' });
      await expect(confirm).toContainText(nameB);
      await schemeShots(a.page, testInfo, 'devices-confirm', { target: confirm, schemes: ['dark'] });
      await confirm.getByRole('button', { name: 'Sign out' }).click();
      await expect(confirm).toBeHidden();
      await expect(devicesIn(settings)).toHaveCount(1);
      await expect(devicesIn(settings).nth(0)).toContainText(nameA);
      await expect(b.page.getByText(SIGNED_OUT_ELSEWHERE)).toBeVisible({ timeout: 5_000 });
      await expect(b.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      const signedOut = testInfo.outputPath('signed-out-elsewhere.png');
      await b.page.screenshot({ path: signedOut });
      await testInfo.attach('signed-out-elsewhere', { path: signedOut, contentType: 'image/png' });
      await settings.getByRole('button', { name: 'Cancel' }).click();
      // The relay agrees: a fresh list on A has only A.
      const again = await openSettings(a.page);
      await expect(devicesIn(again)).toHaveCount(1);
      await again.getByRole('button', { name: 'Cancel' }).click();
    });

    await test.step('signing out from the account menu signs the device out on the relay too', async () => {
      await signIn(b.page, email);
      await a.page.getByRole('button', { name: /^Account/ }).click();
      await a.page.getByRole('menuitem', { name: 'Sign out' }).click();
      const confirm = a.page.getByRole('dialog', { name: 'Sign out of Sheaf?' });
      // Keeping this device's copy is the default.
      await expect(confirm.getByRole('checkbox')).not.toBeChecked();
      await confirm.getByRole('button', { name: 'Sign out', exact: true }).click();
      await expect(a.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      // Signed out by its own hand: no notice.
      await expect(a.page.getByText(SIGNED_OUT_ELSEWHERE)).toHaveCount(0);
      await expect(a.page.getByText('Your session has ended')).toHaveCount(0);
      const settings = await openSettings(b.page);
      await expect(devicesIn(settings)).toHaveCount(1);
      await expect(devicesIn(settings).nth(0)).toContainText(nameB);
      await expect(devicesIn(settings).nth(0).getByText('This device', { exact: true })).toBeVisible();
    });

    expect(errors).toEqual([]);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('a refused token is renewed, the request retried, and the socket reconnects with the new token', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const email = newEmail();
  const { context, page } = await openDevice(browser);
  const errors = collectErrors({ page });
  const socketUrls: string[] = [];
  page.on('websocket', (socket) => socketUrls.push(socket.url()));
  try {
    await signUp(page, email);
    const before = await savedSession(page, 'refreshToken');
    const oldToken = await savedSession(page, 'token');
    expect(before).toBeDefined();

    // The relay refuses the next storage request's token once, as it would an expired one.
    let refusals = 0;
    await page.route('**/api/v1/storage', async (route) => {
      if (refusals > 0) return route.continue();
      refusals += 1;
      return route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ error: { kind: 'unauthorized', message: 'invalid or expired token' } }),
      });
    });
    const refreshed = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/refresh'));
    const retried = page.waitForResponse(
      (response) =>
        response.url().endsWith('/api/v1/storage') &&
        response.request().headers()['authorization'] !== `Bearer ${oldToken}`,
    );
    // A change to the drive makes the storage meter ask again.
    await newFolder(page, 'Photos');
    const renewal = await refreshed;
    expect(renewal.status()).toBe(200);
    const renewed: unknown = await renewal.json();
    const field = (name: string): string => {
      const value: unknown = typeof renewed === 'object' && renewed !== null ? Reflect.get(renewed, name) : undefined;
      if (typeof value !== 'string') throw new Error(`the refresh reply has no ${name}`);
      return value;
    };
    const token = field('token');
    const refreshToken = field('refreshToken');
    const retry = await retried;
    expect(retry.status()).toBe(200);
    expect(retry.request().headers()['authorization']).toBe(`Bearer ${token}`);
    expect(refusals).toBe(1);
    await expect.poll(() => savedSession(page, 'refreshToken')).toBe(refreshToken);
    expect(refreshToken).not.toBe(before);

    // The socket drops and comes back: the adapter dials again, with the renewed token.
    await expect(page.getByRole('status').filter({ hasText: 'Synced' })).toBeVisible();
    const dialled = socketUrls.length;
    await context.setOffline(true);
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
    await context.setOffline(false);
    await expect(page.getByRole('status').filter({ hasText: 'Synced' })).toBeVisible({ timeout: 15_000 });
    expect(socketUrls.length).toBeGreaterThan(dialled);
    expect(new URL(socketUrls.at(-1) ?? '').searchParams.get('token')).toBe(token);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

/** The rows each of Sheaf's databases holds, by name; a database that is not there is left out. */
const localData = (page: Page): Promise<Record<string, number>> =>
  page.evaluate(async () => {
    const counts: Record<string, number> = {};
    for (const { name } of await indexedDB.databases()) {
      if (name !== 'sheaf' && name !== 'sheaf-automerge') continue;
      counts[name] = await new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(new Error(`could not open ${name}`));
        open.onsuccess = () => {
          const db = open.result;
          const stores = [...db.objectStoreNames];
          if (stores.length === 0) {
            db.close();
            resolve(0);
            return;
          }
          const tx = db.transaction(stores);
          let rows = 0;
          for (const store of stores) {
            const count = tx.objectStore(store).count();
            count.onsuccess = () => (rows += count.result);
          }
          tx.oncomplete = () => {
            db.close();
            resolve(rows);
          };
          tx.onerror = () => reject(new Error(`could not count ${name}`));
        };
      });
    }
    return counts;
  });

test("the security activity lists the account's events; signing out can remove this device's copy", async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const email = newEmail();
  const { context, page } = await openDevice(browser, { height: 1000 });
  const errors = collectErrors({ page });
  const content = 'kept on the relay, not only here\n';
  try {
    await signUp(page, email);
    await upload(page, 'notes.txt', content);
    await newFolder(page, 'Drafts');
    await menuAction(page, 'Drafts', 'Move to trash');
    await expect(row(page, 'Drafts')).toBeHidden();
    // The relay records the trash when the change reaches it by sync: waited for, so the order is known.
    const token = await savedSession(page, 'token');
    await expect
      .poll(async () => {
        const log = await page.request.get('/api/v1/audit', { headers: { authorization: `Bearer ${token ?? ''}` } });
        return JSON.stringify(await log.json());
      })
      .toContain('"trashed"');
    // A wrong password for this account, as someone guessing would send it.
    const guess = await page.request.post('/api/v1/auth/login', {
      data: { email, password: `${PASSWORD}!`, device: { name: 'Guess', platform: 'Test' } },
    });
    expect(guess.status()).toBe(401);

    await test.step('the settings list the events newest first, in words', async () => {
      const settings = await openSettings(page);
      const section = settings.getByRole('region', { name: 'Security activity' });
      const events = section.getByTestId('audit-event');
      await expect(events).toHaveCount(3);
      await expect(events.nth(0)).toContainText(/^Failed sign-in attempt from \S+/);
      await expect(events.nth(1)).toContainText('“Drafts” was moved to the trash on');
      await expect(events.nth(2)).toContainText(/^Account created on Chromium on Linux/);
      await expect(events.nth(2)).toContainText('just now');
      await section.scrollIntoViewIfNeeded();
      await schemeShots(page, testInfo, 'security-activity', { target: section });
      await settings.getByRole('button', { name: 'Cancel' }).click();
    });

    const openSignOut = async (): Promise<Locator> => {
      await page.getByRole('button', { name: /^Account/ }).click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      const dialog = page.getByRole('dialog', { name: 'Sign out of Sheaf?' });
      await expect(dialog).toBeVisible();
      return dialog;
    };

    await test.step('offline, removing the copy warns that changes may not have reached the relay', async () => {
      await context.setOffline(true);
      await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
      const dialog = await openSignOut();
      await dialog.getByRole('checkbox', { name: /Also remove this device’s copy/ }).check();
      await expect(dialog.getByRole('alert')).toContainText('You’re offline');
      await schemeShots(page, testInfo, 'sign-out-wipe-offline', { target: dialog });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await context.setOffline(false);
      await expect(page.getByRole('status').filter({ hasText: 'Synced' })).toBeVisible({ timeout: 15_000 });
    });

    await test.step("signing out with the box ticked leaves nothing of the drive in this browser's storage", async () => {
      const before = await localData(page);
      expect(before['sheaf']).toBeGreaterThan(0);
      expect(before['sheaf-automerge']).toBeGreaterThan(0);
      const dialog = await openSignOut();
      await dialog.getByRole('checkbox', { name: /Also remove this device’s copy/ }).check();
      await expect(dialog.getByRole('alert')).toHaveCount(0);
      await dialog.getByRole('button', { name: 'Sign out and remove' }).click();
      await expect(page.getByText('Signed out. This device’s copy of your files was removed.')).toBeVisible();
      expect(await localData(page)).toEqual({});
    });

    await test.step('signing in again brings the files back from the relay', async () => {
      await signIn(page, email);
      await expect(row(page, 'notes.txt')).toBeVisible({ timeout: 15_000 });
      expect(await downloadHash(page, 'notes.txt')).toBe(sha256(content));
    });
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
