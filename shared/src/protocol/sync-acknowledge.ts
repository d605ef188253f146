// POST /api/v1/sync/acknowledge, seed section 4.4: a device says which changes it has applied. The
// relay keeps, per device, the furthest point of the feed it acknowledged (for the devices view and
// for compacting the feed later); change ids that are not in the caller's feed are ignored.
import { z } from 'zod';
import { OpId } from '../drive/op-id.js';
import { SyncCursor } from './sync-cursor.js';
import { SyncDeviceId } from './sync-register-device.js';

export const MAX_ACKNOWLEDGE_BATCH = 10_000;

export const SyncAcknowledgeRequest = z.object({
  deviceId: SyncDeviceId,
  syncedChanges: z.array(OpId).max(MAX_ACKNOWLEDGE_BATCH),
});
export type SyncAcknowledgeRequest = z.infer<typeof SyncAcknowledgeRequest>;

export const SyncAcknowledgeResponse = z.object({
  success: z.literal(true),
  acknowledged: SyncCursor.describe('the furthest cursor this device has acknowledged so far'),
});
export type SyncAcknowledgeResponse = z.infer<typeof SyncAcknowledgeResponse>;
