// The change feed of seed 4.4 for clients that do not speak Automerge: register a device, read the
// caller's drive changes after a cursor (sync-cursor.ts), acknowledge what was applied.
import { syncAcknowledgeRoute, syncChangesRoute, syncRegisterDeviceRoute } from '@sheaf/shared/protocol/routes';
import { BEGINNING_CURSOR } from '@sheaf/shared/protocol/sync-cursor';
import { fail, isFailure } from '../http/api-error.js';
import type { Mounter } from '../http/mount.js';
import type { ChangeIndex } from '../drive/change-index.js';
import type { Devices } from '../drive/devices.js';
import type { DriveHub } from '../drive/drive-hub.js';
import { changeOf } from '../drive/change-feed.js';
import { callerDrive } from './drive-access.js';

export type SyncRouteDeps = { readonly hub: DriveHub; readonly index: ChangeIndex; readonly devices: Devices };

const UNKNOWN_DEVICE = 'no such device: register it first';

export function mountSyncRoutes(m: Mounter, { hub, index, devices }: SyncRouteDeps): void {
  m.mount(syncRegisterDeviceRoute, ({ caller, body }) => {
    devices.register(caller.userId, { id: body.deviceId, name: body.deviceName, platform: body.platform });
    return Promise.resolve({ deviceId: body.deviceId, syncToken: BEGINNING_CURSOR });
  });

  m.mount(syncChangesRoute, async ({ caller, query }) => {
    const after = Number(query.lastSyncTimestamp || BEGINNING_CURSOR);
    // A cursor this relay never handed out (another relay's, or a reset database's) would silently
    // answer nothing forever; saying so lets the client start again from the beginning.
    if (after > index.highestSeq()) return fail('bad_request', 'unknown sync cursor: sync again from the beginning');
    if (query.deviceId !== undefined && !devices.touch(caller.userId, query.deviceId)) {
      return fail('not_found', UNKNOWN_DEVICE);
    }
    // Opening the drive records any operation the index lacks (first use after an upgrade, a failed
    // write) before the page is read.
    const drive = await callerDrive(hub, caller);
    if (isFailure(drive)) return drive;
    const page = index.page(caller.userId, after, query.limit);
    return {
      changes: page.changes.map((c) => changeOf(c.op)),
      nextSyncTimestamp: String(page.last),
      hasMore: page.hasMore,
    };
  });

  m.mount(syncAcknowledgeRoute, ({ caller, body }) => {
    const seq = index.highestSeqOf(caller.userId, body.syncedChanges);
    const acknowledged = devices.acknowledge(caller.userId, body.deviceId, seq);
    if (acknowledged === undefined) return Promise.resolve(fail('not_found', UNKNOWN_DEVICE));
    return Promise.resolve({ success: true as const, acknowledged: String(acknowledged) });
  });
}
