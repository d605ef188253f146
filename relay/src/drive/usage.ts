// How much of their quota a user uses: the logical size of their drive, every retained version of
// every file counted at its full size (in the trash too, until purged), as the big drives count it.
// Deduplication saves the relay's disk, not the user's quota, so the figure never reveals whether
// someone else holds the same bytes.
import { retainedVersions } from '@sheaf/shared/drive/retention';
import type { UserId } from '@sheaf/shared/ids';
import type { Clock } from '../clock.js';
import type { DriveHub, OpenDrive } from './drive-hub.js';

export type Usage = {
  /**
   * Bytes the user's drive holds; undefined when it cannot be read. A count up to `maxAgeMs` old
   * may be answered when the drive changed since (0: always current).
   */
  usedBytes(user: UserId, maxAgeMs?: number): Promise<number | undefined>;
};

/**
 * How stale a count may be. Counting walks every file of the drive, and a burst of uploads changes
 * the drive with every commit: recounting each time made a folder of small files quadratic. A user
 * may so pass the quota by what they upload within this window.
 */
export const USAGE_MAX_AGE_MS = 5_000;

export function createUsage(hub: DriveHub, clock: Clock): Usage {
  // Recounted when the drive's operations or its rule changed, at most once per USAGE_MAX_AGE_MS.
  const cache = new WeakMap<OpenDrive, { version: number; rule: string; bytes: number; at: number }>();
  return {
    async usedBytes(user, maxAgeMs = USAGE_MAX_AGE_MS) {
      const documentId = hub.driveOf(user);
      if (documentId === undefined) return undefined;
      const opened = await hub.open(documentId);
      if (!opened.ok) return undefined;
      const drive = opened.value;
      const replica = drive.replica();
      const rule = drive.retention();
      const key = JSON.stringify(rule);
      const known = cache.get(drive);
      const now = clock.now();
      const unchanged = known !== undefined && known.version === replica.log.version && known.rule === key;
      if (known !== undefined && (unchanged || now - known.at < maxAgeMs)) return known.bytes;
      let bytes = 0;
      for (const node of replica.tree().nodes.values()) {
        if (node.kind !== 'file') continue;
        const kept = retainedVersions(node.versions, rule, now);
        for (const v of node.versions) if (kept.has(v.op)) bytes += v.content.size;
      }
      cache.set(drive, { version: replica.log.version, rule: key, bytes, at: now });
      return bytes;
    },
  };
}

export type QuotaRefusal = { readonly usedBytes: number; readonly quotaBytes: number };

export type Quota = {
  readonly quotaBytes: number;
  /** Why adding `bytes` would pass the user's quota, or undefined when it fits (or usage is unknown). */
  exceeds(user: UserId, bytes: number): Promise<QuotaRefusal | undefined>;
};

/**
 * The quota check every way in shares. An unreadable drive is not refused: the write that follows
 * fails on its own if the drive is really broken, and a quota must not lock a user out of repairs.
 */
export function createQuota(usage: Usage, quotaBytes: number): Quota {
  return {
    quotaBytes,
    async exceeds(user, bytes) {
      const usedBytes = await usage.usedBytes(user);
      if (usedBytes === undefined) return undefined;
      // Nothing added still counts when the drive is already past its quota (a lowered quota).
      const over = bytes > 0 ? usedBytes + bytes > quotaBytes : usedBytes >= quotaBytes;
      return over ? { usedBytes, quotaBytes } : undefined;
    },
  };
}
