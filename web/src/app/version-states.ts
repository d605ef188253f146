// What each version of a file can still do under the drive's retention rule: the current one is
// always there, a kept one can be downloaded, restored and compared, an expired one has had (or is
// about to have) its bytes removed from the relay and can only be listed.
import type { VersionEntry } from '@sheaf/shared/drive/drive-tree';
import { retainedVersions, type Retention } from '@sheaf/shared/drive/retention';

export type VersionState = 'current' | 'kept' | 'expired';

export type VersionRow = {
  readonly version: VersionEntry;
  /** 1 for the first version ever saved. */
  readonly number: number;
  readonly state: VersionState;
};

/** A file's versions newest first, each with its number and state. */
export function versionRows(versions: readonly VersionEntry[], rule: Retention, nowMs: number): VersionRow[] {
  const kept = retainedVersions(versions, rule, nowMs);
  const last = versions.length - 1;
  return versions
    .map((version, index): VersionRow => ({
      version,
      number: index + 1,
      state: index === last ? 'current' : kept.has(version.op) ? 'kept' : 'expired',
    }))
    .reverse();
}

/** How many versions of these files the rule expires: what a stricter setting would remove. */
export function expiredCount(
  files: Iterable<{ readonly versions: readonly VersionEntry[] }>,
  rule: Retention,
  nowMs: number,
): number {
  if (rule.keep === 'all') return 0;
  let count = 0;
  for (const file of files) {
    if (file.versions.length < 2) continue;
    count += file.versions.length - retainedVersions(file.versions, rule, nowMs).size;
  }
  return count;
}
