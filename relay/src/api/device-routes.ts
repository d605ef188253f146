// The caller's signed-in devices, and signing one out from another.
import { auditRoute, deviceRevokeRoute, devicesRoute } from '@sheaf/shared/protocol/routes';
import type { Audit } from '../auth/audit.js';
import type { Sessions } from '../auth/sessions.js';
import { isoTime } from '../drive/iso-time.js';
import { fail } from '../http/api-error.js';
import type { Mounter } from '../http/mount.js';

export type DeviceRouteDeps = { readonly sessions: Sessions; readonly audit: Audit };

export function mountDeviceRoutes(m: Mounter, { sessions, audit }: DeviceRouteDeps): void {
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

  m.mount(deviceRevokeRoute, ({ caller, params }) => {
    // Another user's device is as unknown as no device: the answer reveals nothing.
    if (!sessions.revoke(caller.userId, params.deviceId)) return Promise.resolve(fail('not_found', 'no such device'));
    audit.record(caller.userId, 'device_revoked', { deviceId: params.deviceId, by: caller.sessionId });
    return Promise.resolve({ success: true as const });
  });

  m.mount(auditRoute, ({ caller, query }) => {
    const page = audit.page(caller.userId, query.after, query.limit, query.before);
    return Promise.resolve({
      events: page.events.map((e) => ({ seq: e.seq, at: isoTime(e.at), kind: e.kind, detail: { ...e.detail } })),
      hasMore: page.hasMore,
    });
  });
}
