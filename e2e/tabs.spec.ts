// Two tabs of one browser (one context) signed in to one drive stay in step: a change in either
// shows in the other without a reload, offline too (the tabs' Repos meet over a BroadcastChannel);
// what a file saved offline owes the relay is sent once, by the tab that sends for the browser, and
// by the other tab once that one has closed (the Web Lock of the outbox leader passes on): the relay
// then serves its bytes. Signing out in one tab signs the other out.
import { expect, test, type Page } from '@playwright/test';
import {
  collectErrors,
  menuAction,
  newEmail,
  newFolder,
  openDevice,
  row,
  savedSession,
  sha256,
  signUp,
  upload,
} from './drive-helpers.js';

/** The access token the tabs share, as saved in IndexedDB. */

const pill = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

test('two tabs of one browser stay in step, and the last one open sends what the first left', async ({ browser }) => {
  // Three tabs and a sign-up on a 2-core machine: about 20 s alone, far more beside other work.
  test.setTimeout(120_000);
  const email = newEmail();
  const device = await openDevice(browser);
  const tab1 = device.page;
  const tab2 = await device.context.newPage();
  const errors = collectErrors({ tab1, tab2 });
  const content = `written in tab 1 while offline ${Date.now()}\n`;
  const early = `saved offline with both tabs open ${Date.now()}\n`;
  /** Chunk uploads by either tab, by the hash in their address. */
  const puts: string[] = [];
  for (const tab of [tab1, tab2]) {
    tab.on('request', (request) => {
      if (request.method() === 'PUT' && request.url().includes('/api/v1/chunks/')) puts.push(request.url());
    });
  }
  try {
    await test.step('tab 1 signs up; tab 2 opens signed in', async () => {
      await signUp(tab1, email);
      await tab2.goto('/');
      await expect(tab2.getByRole('heading', { name: 'My Drive' })).toBeVisible({ timeout: 30_000 });
    });

    await test.step('a file uploaded in tab 1 shows in tab 2', async () => {
      await upload(tab1, 'first.txt', 'hello from tab 1\n');
      await expect(row(tab2, 'first.txt')).toBeVisible();
    });

    await test.step('a folder made in tab 1 shows in tab 2; renamed in tab 2, it shows so in tab 1', async () => {
      await newFolder(tab1, 'Plans');
      await expect(row(tab2, 'Plans')).toBeVisible();
      await menuAction(tab2, 'Plans', 'Rename');
      await tab2.getByLabel('New name for Plans').fill('Roadmap');
      await tab2.getByLabel('New name for Plans').press('Enter');
      await expect(row(tab1, 'Roadmap')).toBeVisible();
      await expect(row(tab1, 'Plans')).toBeHidden();
    });

    await test.step('offline, a change in one tab still shows in the other', async () => {
      await device.context.setOffline(true);
      await expect(pill(tab1, 'Offline')).toBeVisible();
      await expect(pill(tab2, 'Offline')).toBeVisible();
      await newFolder(tab2, 'Made offline');
      await expect(row(tab1, 'Made offline')).toBeVisible();
    });

    await test.step('a file saved offline in tab 1 shows in tab 2, whose count of what waits includes it', async () => {
      await upload(tab1, 'early.txt', early, /sends when online/);
      await expect(row(tab2, 'early.txt')).toBeVisible();
      // Tab 1 opened first and sends for the browser: tab 2 knows what waits from what it tells.
      await expect(pill(tab2, /Offline · [1-9]\d* waiting/)).toBeVisible();
    });

    await test.step('back online with both tabs open, its one chunk is sent once', async () => {
      await device.context.setOffline(false);
      await expect(pill(tab1, 'Synced')).toBeVisible({ timeout: 30_000 });
      await expect(pill(tab2, 'Synced')).toBeVisible();
      expect(puts.filter((url) => url.endsWith(`/${sha256(early)}`))).toHaveLength(1);
    });

    await test.step('offline, tab 1 saves another file and closes; back online, tab 2 sends it', async () => {
      await device.context.setOffline(true);
      await upload(tab1, 'handover.txt', content, /sends when online/);
      await expect(row(tab2, 'handover.txt')).toBeVisible();
      await tab1.close();
      await device.context.setOffline(false);
      await expect(pill(tab2, 'Synced')).toBeVisible({ timeout: 30_000 });
    });

    await test.step('the relay serves the bytes tab 2 sent', async () => {
      // A file this small is one chunk, named by the SHA-256 of its bytes.
      const token = await savedSession(tab2, 'token');
      const served = await device.context.request.get(`/api/v1/chunks/${sha256(content)}`, {
        headers: { authorization: `Bearer ${token ?? ''}` },
      });
      expect(served.status()).toBe(200);
      expect(sha256(await served.body())).toBe(sha256(content));
    });

    await test.step('signing out in one tab signs out the others', async () => {
      const tab3 = await device.context.newPage();
      const tab3Errors = collectErrors({ tab3 });
      await tab3.goto('/');
      await expect(tab3.getByRole('heading', { name: 'My Drive' })).toBeVisible({ timeout: 30_000 });
      await tab3.getByRole('button', { name: /^Account/ }).click();
      await tab3.getByRole('menuitem', { name: 'Sign out' }).click();
      await tab3
        .getByRole('dialog', { name: 'Sign out of Sheaf?' })
        .getByRole('button', { name: 'Sign out', exact: true })
        .click();
      await expect(tab2.getByRole('button', { name: 'Sign in' })).toBeVisible();
      await expect(tab2.getByText('This device was signed out from another device.')).toHaveCount(0);
      expect(tab3Errors).toEqual([]);
    });

    expect(errors).toEqual([]);
  } finally {
    await device.context.close();
  }
});
