// The storage meter's figure: asked of the relay when the drive opens, when the connection comes
// back, and a little after the drive changes (a burst of uploads asks once). Offline, the last figure
// stays; the meter is a guide, the relay's 507 is the rule.
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
};

export type StorageMeter = {
  readonly usage: Store<StorageUsageResponse | undefined>;
  close(): void;
};

/** Long enough for a folder's worth of uploads to land, short enough to feel current. */
export const REFRESH_DELAY_MS = 2_000;

export function createStorageMeter(deps: StorageMeterDeps): StorageMeter {
  const usage = createStore<StorageUsageResponse | undefined>(undefined);
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
    close() {
      closed = true;
      cancelTimer?.();
      stopChanges();
      stopOnline();
    },
  };
}
