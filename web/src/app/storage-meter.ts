// The storage meter's figures. The relay's: asked when the drive opens, when the connection comes
// back, and a little after the drive changes (a burst of uploads asks once). Offline, the last figure
// stays; the meter is a guide, the relay's 507 is the rule. This device's: what the browser says
// the origin uses and may use (`navigator.storage.estimate()`), asked when someone looks.
import type { StorageUsageResponse } from '@sheaf/shared/protocol/storage-usage';
import type { Result } from '@sheaf/shared/result';
import { createStore, type Store } from '../lib/store.js';

export type StorageMeterDeps = {
  readonly fetchUsage: () => Promise<Result<StorageUsageResponse, unknown>>;
  /** Called whenever the drive's operations change. */
  readonly onDriveChange: (listener: () => void) => () => void;
  /** Called when the connection comes back. */
  readonly onOnline: (listener: () => void) => () => void;
  readonly setTimer: (run: () => void, ms: number) => () => void;
  /** The browser's estimate for this origin; absent where the Storage API is. */
  readonly estimate?: () => Promise<StorageEstimate>;
};

/** This device's storage for the app, as the browser estimates it. */
export type DeviceUsage = { readonly usedBytes: number; readonly quotaBytes: number };

export type StorageMeter = {
  readonly usage: Store<StorageUsageResponse | undefined>;
  /** Unknown until first asked, and where the browser will not say. */
  readonly device: Store<DeviceUsage | undefined>;
  /** Asks the browser again (the settings do, each time they open). */
  refreshDevice(): Promise<void>;
  close(): void;
};

/** Long enough for a folder's worth of uploads to land, short enough to feel current. */
export const REFRESH_DELAY_MS = 2_000;

export function createStorageMeter(deps: StorageMeterDeps): StorageMeter {
  const usage = createStore<StorageUsageResponse | undefined>(undefined);
  const device = createStore<DeviceUsage | undefined>(undefined);
  let closed = false;
  let cancelTimer: (() => void) | undefined;

  const refresh = async (): Promise<void> => {
    const answer = await deps.fetchUsage();
    if (!closed && answer.ok) usage.set(answer.value);
  };
  const later = (): void => {
    cancelTimer ??= deps.setTimer(() => {
      cancelTimer = undefined;
      void refresh();
    }, REFRESH_DELAY_MS);
  };
  const stopChanges = deps.onDriveChange(later);
  const stopOnline = deps.onOnline(() => void refresh());
  void refresh();
  return {
    usage,
    device,
    async refreshDevice() {
      try {
        const estimate = await deps.estimate?.();
        if (estimate?.usage === undefined || estimate.quota === undefined || closed) return;
        device.set({ usedBytes: estimate.usage, quotaBytes: estimate.quota });
      } catch {
        // Some contexts refuse the estimate: the section then says it is unknown.
      }
    },
    close() {
      closed = true;
      cancelTimer?.();
      stopChanges();
      stopOnline();
    },
  };
}
