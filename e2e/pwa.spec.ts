// The installed app: Chromium finds Sheaf installable (checked through the DevTools protocol), the
// manifest offers shortcuts, a share target and file handlers, files shared to the app through
// the service worker are uploaded into the drive, and a new version waits for the user's
// "Reload" before it takes over. One signed-up device serves every step.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import {
  collectErrors,
  downloadHash,
  newEmail,
  row,
  screenshot,
  sha256,
  signUp,
  waitForOfflineReady,
} from './drive-helpers.js';

/** The built worker the relay serves (e2e/playwright.config.ts starts it on web/dist). */
const SW_PATH = fileURLToPath(new URL('../web/dist/sw.js', import.meta.url));

type Manifest = {
  readonly display?: string;
  readonly icons?: ReadonlyArray<{ readonly purpose?: string }>;
  readonly shortcuts?: ReadonlyArray<{
    readonly name: string;
    readonly url: string;
    readonly icons?: readonly unknown[];
  }>;
  readonly share_target?: { readonly action: string; readonly method: string; readonly enctype: string };
  readonly file_handlers?: ReadonlyArray<{
    readonly action: string;
    readonly accept: Record<string, readonly string[]>;
  }>;
};

test('installable, receives shared files, and updates only when the user reloads', async ({ baseURL }, testInfo) => {
  // A profile on disk: Chromium never offers to install from an off-the-record context, which is
  // what browser.newContext() makes ("in-incognito" would be the one installability error).
  const builtWorker = await readFile(SW_PATH, 'utf8');
  const profile = await mkdtemp(join(tmpdir(), 'sheaf-pwa-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 800 },
    ...(baseURL === undefined ? {} : { baseURL }),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = collectErrors({ device: page });
  try {
    await signUp(page, newEmail());
    await waitForOfflineReady(page);

    await test.step('Chromium reports the app installable, with shortcuts, share target and file handlers', async () => {
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
        installabilityErrors: ReadonlyArray<{ errorId: string }>;
      };
      expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
      const { errors: manifestErrors } = await cdp.send('Page.getAppManifest');
      expect(manifestErrors.filter((e) => e.critical === 1)).toEqual([]);
      await cdp.detach();

      const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as Manifest;
      expect(manifest.display).toBe('standalone');
      expect(manifest.icons?.some((icon) => icon.purpose === 'maskable')).toBe(true);
      expect(manifest.shortcuts?.map((s) => s.name)).toEqual(['Upload files', 'Trash']);
      for (const shortcut of manifest.shortcuts ?? []) {
        expect(shortcut.icons?.length).toBeGreaterThan(0);
      }
      expect(manifest.share_target).toMatchObject({
        action: '/share-target',
        method: 'POST',
        enctype: 'multipart/form-data',
      });
      expect(manifest.file_handlers?.[0]?.action).toBe('/');
      expect(Object.keys(manifest.file_handlers?.[0]?.accept ?? {})).toContain('image/*');
    });

    await test.step('a file shared to the app is kept by the service worker and uploaded into My Drive', async () => {
      const text = `shared from another app ${Date.now()}`;
      // What the share sheet does: a multipart POST navigation to the share target.
      await page.evaluate((content) => {
        const files = new DataTransfer();
        files.items.add(new File([content], 'shared-note.txt', { type: 'text/plain' }));
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/share-target';
        form.enctype = 'multipart/form-data';
        const input = document.createElement('input');
        input.type = 'file';
        input.name = 'files';
        input.files = files.files;
        form.append(input);
        document.body.append(form);
        form.submit();
      }, text);
      // Nothing lands in the drive before the user says so: any site could post to the share target.
      const ask = page.getByRole('status').filter({ hasText: 'Shared “shared-note.txt”: upload to My Drive?' });
      await expect(ask).toBeVisible({ timeout: 20_000 });
      await expect(row(page, 'shared-note.txt')).toHaveCount(0);
      await ask.getByRole('button', { name: 'Upload' }).click();
      await expect(page.getByText('Shared “shared-note.txt”: uploading to My Drive')).toBeVisible();
      await expect(row(page, 'shared-note.txt')).toBeVisible();
      // The share's id is taken out of the address, so a reload does not take it twice.
      expect(new URL(page.url()).search).toBe('');
      await screenshot(page, testInfo, 'shared-file');
      expect(await downloadHash(page, 'shared-note.txt')).toBe(sha256(text));
    });

    await test.step('a new service worker waits; "Reload" moves the page to it', async () => {
      // The next deploy: the same worker with a change, written where the relay serves it (a
      // route would not do: Chromium fetches a worker's script past Playwright's interception).
      await writeFile(SW_PATH, `${builtWorker}\n// next build ${Date.now()}\n`);
      await page.evaluate(() => {
        (window as { beforeUpdate?: boolean }).beforeUpdate = true;
      });
      await page.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration())?.update();
      });
      const banner = page.getByRole('status').filter({ hasText: 'A new version is ready' });
      await expect(banner).toBeVisible({ timeout: 20_000 });
      await screenshot(page, testInfo, 'update-ready');
      // Until the user chooses, the old worker still controls the page and the new one waits.
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting !== null)).toBe(
        true,
      );

      await banner.getByRole('button', { name: 'Reload' }).click();
      await expect
        .poll(() => page.evaluate(() => (window as { beforeUpdate?: boolean }).beforeUpdate === true).catch(() => true))
        .toBe(false);
      await expect(page.getByRole('heading', { name: 'My Drive' })).toBeVisible({ timeout: 20_000 });
      await expect(banner).toBeHidden();
      const state = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return { waiting: registration?.waiting ?? null, controlled: navigator.serviceWorker.controller !== null };
      });
      expect(state).toEqual({ waiting: null, controlled: true });
    });

    expect(errors).toEqual([]);
  } finally {
    await writeFile(SW_PATH, builtWorker);
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});
