// POST /api/v1/sync/register-device, seed section 4.4: { deviceId, deviceName, platform } ->
// { deviceId, syncToken }. The device id is the client's own (it names itself before it has ever
// talked to the relay); registering again updates the name and platform. The syncToken is always
// the beginning of the feed: a device that registers holds nothing the feed could skip.
import { z } from 'zod';
import { SyncCursor } from './sync-cursor.js';

/** A device's id as the client chose it; unique per user, not across users. */
export const SyncDeviceId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'device id: 1-64 characters of A-Z, a-z, 0-9, _ and -')
  .brand<'SyncDeviceId'>();
export type SyncDeviceId = z.infer<typeof SyncDeviceId>;

export const SyncRegisterDeviceRequest = z.object({
  deviceId: SyncDeviceId,
  deviceName: z.string().trim().min(1).max(100),
  platform: z.string().trim().min(1).max(50),
});
export type SyncRegisterDeviceRequest = z.infer<typeof SyncRegisterDeviceRequest>;

export const SyncRegisterDeviceResponse = z.object({
  deviceId: SyncDeviceId,
  syncToken: SyncCursor.describe('where this device starts reading /sync/changes: the beginning'),
});
export type SyncRegisterDeviceResponse = z.infer<typeof SyncRegisterDeviceResponse>;
