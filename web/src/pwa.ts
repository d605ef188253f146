// Registers the service worker (web/src/sw/sw.ts) with workbox-window and tells the UI when a new
// version is waiting. The new worker waits until the user chooses to reload, so an upload in
// progress is never cut off by an update; once it takes over, every open tab reloads into it,
// so that no page of the old build goes on loading chunks the new worker no longer keeps.
import { Workbox } from 'workbox-window';
import { createStore, type Store } from './lib/store.js';

export type PwaUpdate = {
  /** True while a new version is installed and waiting. */
  readonly updateReady: Store<boolean>;
  /** Activates the waiting version; the page reloads once it controls it. */
  readonly reload: () => void;
  readonly dismiss: () => void;
};

/** A long-lived tab (an installed app is rarely closed) still learns of a deploy within this. */
const UPDATE_CHECK_MS = 60 * 60_000;

export function startPwa(): PwaUpdate {
  const updateReady = createStore(false);
  // Vite's dev server has no built worker to register.
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) {
    return { updateReady, reload: () => window.location.reload(), dismiss: () => updateReady.set(false) };
  }
  const workbox = new Workbox('/sw.js', { scope: '/' });
  workbox.addEventListener('waiting', () => updateReady.set(true));
  let reloading = false;
  workbox.addEventListener('controlling', (event) => {
    // The first worker claims the page that installed it: that is no update, nothing to reload.
    if (event.isUpdate !== true || reloading) return;
    reloading = true;
    window.location.reload();
  });
  workbox.register().catch((error: unknown) => console.warn('Sheaf: service worker registration failed', error));
  const check = (): void => {
    if (navigator.onLine) workbox.update().catch(() => undefined);
  };
  setInterval(check, UPDATE_CHECK_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  return {
    updateReady,
    reload: () => {
      updateReady.set(false);
      workbox.messageSkipWaiting();
    },
    dismiss: () => updateReady.set(false),
  };
}
