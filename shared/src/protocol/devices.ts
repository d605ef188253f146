// GET /api/v1/devices and DELETE /api/v1/devices/{deviceId}: the caller's signed-in devices, and
// signing one out from another (its tokens stop working and its sockets close).
import { z } from 'zod';
import { DeviceId } from '../ids.js';
import { IsoTime } from './drive-item.js';

export const DeviceEntry = z.object({
  deviceId: DeviceId,
  name: z.string(),
  platform: z.string(),
  signedInAt: IsoTime,
  lastSeenAt: IsoTime,
  current: z.boolean().describe('the device making this request'),
});
export type DeviceEntry = z.infer<typeof DeviceEntry>;

export const DevicesResponse = z.object({ devices: z.array(DeviceEntry) });
export type DevicesResponse = z.infer<typeof DevicesResponse>;

export const DeviceParams = z.object({ deviceId: DeviceId });
export type DeviceParams = z.infer<typeof DeviceParams>;

export const DeviceRevokeResponse = z.object({ success: z.literal(true) });
export type DeviceRevokeResponse = z.infer<typeof DeviceRevokeResponse>;
