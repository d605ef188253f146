// GET /api/v1/storage: the caller's usage against their quota.
import { storageUsageRoute } from '@sheaf/shared/protocol/routes';
import type { Quota, Usage } from '../drive/usage.js';
import { fail } from '../http/api-error.js';
import type { Mounter } from '../http/mount.js';

export type StorageRouteDeps = { readonly usage: Usage; readonly quota: Quota };

export function mountStorageRoutes(m: Mounter, { usage, quota }: StorageRouteDeps): void {
  m.mount(storageUsageRoute, async ({ caller }) => {
    // What the meter shows is counted now; only the quota checks on the upload path accept an older count.
    const usedBytes = await usage.usedBytes(caller.userId, 0);
    if (usedBytes === undefined) return fail('unavailable', 'your drive could not be read; try again');
    return { usedBytes, quotaBytes: quota.quotaBytes };
  });
}
