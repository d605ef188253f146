// The caller's signed-in devices, and signing one out from another.
import { deviceRevokeRoute, devicesRoute } from '@sheaf/shared/protocol/routes';
import type { Sessions } from '../auth/sessions.js';
import { isoTime } from '../drive/iso-time.js';
import { fail } from '../http/api-error.js';
import type { Mounter } from '../http/mount.js';

export type DeviceRouteDeps = { readonly sessions: Sessions };

export function mountDeviceRoutes(m: Mounter, { sessions }: DeviceRouteDeps): void {
  m.mount(devicesRoute, ({ caller }) =>
    Promise.resolve({
      devices: sessions.list(caller.userId).map((s) => ({
        deviceId: s.id,
        name: s.name,
        platform: s.platform,
        signedInAt: isoTime(s.createdAt),
        lastSeenAt: isoTime(s.lastSeenAt),
        current: s.id === caller.sessionId,
      })),
    }),
  );

  m.mount(deviceRevokeRoute, ({ caller, params }) =>
    Promise.resolve(
      // Another user's device is as unknown as no device: the answer reveals nothing.
      sessions.revoke(caller.userId, params.deviceId)
        ? { success: true as const }
        : fail('not_found', 'no such device'),
    ),
  );
}
