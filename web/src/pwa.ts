// Registers the service worker (vite-plugin-pwa's generateSW output) and tells the UI when a new
// version is waiting. With registerType 'prompt' the new worker waits until the user chooses to
// reload, so an upload in progress is never cut off by an update.
import { registerSW } from 'virtual:pwa-register';
import { createStore, type Store } from './lib/store.js';

export type PwaUpdate = {
  /** True while a new version is installed and waiting. */
  readonly updateReady: Store<boolean>;
  /** Activates the waiting version and reloads the page. */
  readonly reload: () => void;
  readonly dismiss: () => void;
};

export function startPwa(): PwaUpdate {
  const updateReady = createStore(false);
  const update = registerSW({
    immediate: true,
    onNeedRefresh: () => updateReady.set(true),
    onRegisterError: (error: unknown) => console.warn('Sheaf: service worker registration failed', error),
  });
  return {
    updateReady,
    reload: () => {
      void update(true);
    },
    dismiss: () => updateReady.set(false),
  };
}
