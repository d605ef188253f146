// Devices registered for the REST change feed, per user: when each was last seen and how far into the
// feed it has acknowledged. The id is the client's own, so it is only unique within one user.
import type { UserId } from '@sheaf/shared/ids';
import type { SyncDeviceId } from '@sheaf/shared/protocol/sync-register-device';
import type { Db } from '../db/database.js';
import type { Clock } from '../clock.js';

export type DeviceRegistration = { readonly id: SyncDeviceId; readonly name: string; readonly platform: string };

export type Devices = {
  /** Registers a device, or updates the name and platform of one registered before. */
  register(user: UserId, device: DeviceRegistration): void;
  /** Marks a device as seen now; false when the user has no such device. */
  touch(user: UserId, id: SyncDeviceId): boolean;
  /** Raises the device's acknowledged seq to at least `seq`; the result, or undefined for an unknown device. */
  acknowledge(user: UserId, id: SyncDeviceId, seq: number): number | undefined;
};

export function createDevices(db: Db, clock: Clock): Devices {
  const upsert = db.prepare(
    `INSERT INTO devices (user_id, id, name, platform, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_id, id) DO UPDATE SET name = excluded.name, platform = excluded.platform,
       last_seen_at = excluded.last_seen_at`,
  );
  const touch = db.prepare('UPDATE devices SET last_seen_at = ? WHERE user_id = ? AND id = ?');
  const acknowledge = db.prepare<[number, number, string, string], { acknowledged_seq: number }>(
    `UPDATE devices SET last_seen_at = ?, acknowledged_seq = max(acknowledged_seq, ?)
     WHERE user_id = ? AND id = ? RETURNING acknowledged_seq`,
  );

  return {
    register(user, { id, name, platform }) {
      const now = clock.now();
      upsert.run(user, id, name, platform, now, now);
    },
    touch: (user, id) => touch.run(clock.now(), user, id).changes > 0,
    acknowledge: (user, id, seq) => acknowledge.get(clock.now(), seq, user, id)?.acknowledged_seq,
  };
}
