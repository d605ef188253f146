// GET /api/v1/storage: how much of the caller's quota their drive uses (every retained version of
// every file, the trash included), for the storage meter and for clients that plan an upload.
import { z } from 'zod';

export const StorageUsageResponse = z.object({
  usedBytes: z.number().int().nonnegative(),
  quotaBytes: z.number().int().nonnegative(),
});
export type StorageUsageResponse = z.infer<typeof StorageUsageResponse>;
