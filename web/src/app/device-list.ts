// The account's signed-in devices as the settings show them: asked of the relay when the settings
// open and again when the connection comes back. Signing another device out takes it off the list
// at once and puts it back, with the reason, if the relay refuses.
import type { DeviceEntry, DevicesResponse } from '@sheaf/shared/protocol/devices';
import type { DeviceId } from '@sheaf/shared/ids';
import type { ApiResult } from '../api/client.js';
import { createStore, type Store } from '../lib/store.js';

export type DeviceListState =
  | { readonly status: 'loading' }
  /** `offline`: the relay could not be reached, rather than refusing. */
  | { readonly status: 'failed'; readonly offline: boolean; readonly message: string }
  | {
      readonly status: 'ready';
      /** This device first, then by when each was last seen, newest first. */
      readonly devices: readonly DeviceEntry[];
      /** Why the last sign-out of another device did not happen. */
      readonly error?: string;
    };

export type DeviceListDeps = {
  readonly list: () => Promise<ApiResult<DevicesResponse>>;
  readonly revoke: (deviceId: DeviceId) => Promise<ApiResult<void>>;
};

export type DeviceList = {
  readonly state: Store<DeviceListState>;
  /** Asks the relay again; a list already shown stays while it does, and if it cannot answer. */
  load(): Promise<void>;
  /** Signs another device out. */
  signOut(device: DeviceEntry): Promise<void>;
  /** Forgets the error of the last sign-out. */
  dismissError(): void;
};

const order = (devices: readonly DeviceEntry[]): DeviceEntry[] =>
  [...devices].sort(
    (a, b) => Number(b.current) - Number(a.current) || Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt),
  );

export function createDeviceList(deps: DeviceListDeps): DeviceList {
  const state = createStore<DeviceListState>({ status: 'loading' });
  /** Devices being signed out: kept off the list even if a reload answers before the relay is done. */
  const leaving = new Set<DeviceId>();
  /** Only the newest load's answer is shown. */
  let loads = 0;

  const shown = (devices: readonly DeviceEntry[]): DeviceEntry[] =>
    order(devices.filter((d) => !leaving.has(d.deviceId)));

  return {
    state,
    async load() {
      const mine = ++loads;
      const was = state.get();
      if (was.status === 'failed') state.set({ status: 'loading' });
      const reply = await deps.list();
      if (mine !== loads) return;
      const now = state.get();
      if (reply.ok) {
        state.set({
          status: 'ready',
          devices: shown(reply.value.devices),
          ...(now.status === 'ready' && now.error !== undefined ? { error: now.error } : {}),
        });
      } else if (now.status !== 'ready') {
        state.set({ status: 'failed', offline: reply.error.kind === 'network', message: reply.error.message });
      }
    },
    async signOut(device) {
      const was = state.get();
      if (was.status !== 'ready' || device.current || leaving.has(device.deviceId)) return;
      leaving.add(device.deviceId);
      state.set({ status: 'ready', devices: was.devices.filter((d) => d.deviceId !== device.deviceId) });
      const reply = await deps.revoke(device.deviceId);
      leaving.delete(device.deviceId);
      // Not found: it was signed out already (from elsewhere), which is what was asked.
      if (reply.ok || reply.error.kind === 'not_found') return;
      const now = state.get();
      const devices = now.status === 'ready' ? now.devices : [];
      state.set({
        status: 'ready',
        devices: order([...devices.filter((d) => d.deviceId !== device.deviceId), device]),
        error: `“${device.name}” was not signed out. ${reply.error.message}`,
      });
    },
    dismissError() {
      const now = state.get();
      if (now.status === 'ready' && now.error !== undefined) state.set({ status: 'ready', devices: now.devices });
    },
  };
}
