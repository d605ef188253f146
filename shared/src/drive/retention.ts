// Which versions of a file a drive keeps, and so which chunks must stay on the relay. The rule lives
// in the drive document (one immutable JSON string under `retention`), so every device shows the
// same versions as expired and the relay's collector applies the same rule the owner chose.
// Default: keep every version. Whatever the rule, a file's current version is always kept, also in the
// trash until it is purged; the rule applies to a trashed file's older versions as to any other's.
// Only an explicit purge or this rule ever lets bytes go.
import { z } from 'zod';
import type { ChunkHash } from '../ids.js';
import type { StoredText } from './drive-document.js';
import type { DriveTree, VersionEntry } from './drive-tree.js';
import type { OpId } from './op-id.js';

export const MAX_KEPT_VERSIONS = 10_000;
export const MAX_KEPT_DAYS = 36_500;
const DAY_MS = 86_400_000;

export const Retention = z.discriminatedUnion('keep', [
  z.object({ keep: z.literal('all') }),
  /** The newest `versions` versions of each file, the current one included. */
  z.object({ keep: z.literal('count'), versions: z.number().int().min(1).max(MAX_KEPT_VERSIONS) }),
  /** Versions made in the last `days` days (by the author's clock), and the current one. */
  z.object({ keep: z.literal('days'), days: z.number().int().min(1).max(MAX_KEPT_DAYS) }),
]);
export type Retention = z.infer<typeof Retention>;

export const KEEP_ALL: Retention = { keep: 'all' };

/**
 * The rule stored in a document's `retention` value. Anything missing or unreadable (a newer client's
 * rule, a broken write) reads as keep-all: when in doubt, nothing is removed.
 */
export function readRetention(stored: unknown): Retention {
  if (!isStoredText(stored)) return KEEP_ALL;
  let json: unknown;
  try {
    json = JSON.parse(stored.toString());
  } catch {
    return KEEP_ALL;
  }
  const parsed = Retention.safeParse(json);
  return parsed.success ? parsed.data : KEEP_ALL;
}

/** A string, or Automerge's ImmutableString (an object whose `val` is the string). */
const isStoredText = (v: unknown): v is StoredText =>
  typeof v === 'string' || (typeof v === 'object' && v !== null && typeof (v as { val?: unknown }).val === 'string');

export function encodeRetention(rule: Retention): string {
  return JSON.stringify(Retention.parse(rule));
}

/** The ids of the versions the rule keeps, given one line of versions oldest first. */
export function retainedVersions(versions: readonly VersionEntry[], rule: Retention, nowMs: number): Set<OpId> {
  const kept = new Set<OpId>();
  const current = versions.at(-1);
  if (current !== undefined) kept.add(current.op);
  switch (rule.keep) {
    case 'all':
      for (const v of versions) kept.add(v.op);
      break;
    case 'count':
      for (const v of versions.slice(-rule.versions)) kept.add(v.op);
      break;
    case 'days': {
      const since = nowMs - rule.days * DAY_MS;
      for (const v of versions) if (v.at >= since) kept.add(v.op);
      break;
    }
  }
  return kept;
}

/**
 * Every chunk a retained version of a node still in the tree references (live or in the trash;
 * purged nodes are gone from `nodes`). The relay keeps these and may collect the rest.
 */
export function liveChunks(tree: DriveTree, rule: Retention, nowMs: number): Set<ChunkHash> {
  const live = new Set<ChunkHash>();
  for (const node of tree.nodes.values()) {
    if (node.kind !== 'file') continue;
    const kept = retainedVersions(node.versions, rule, nowMs);
    for (const v of node.versions) {
      if (!kept.has(v.op)) continue;
      for (const chunk of v.content.manifest.chunks) live.add(chunk.hash);
    }
    // A file's content is its last version; listed apart in case a line is ever empty.
    for (const chunk of node.content?.manifest.chunks ?? []) live.add(chunk.hash);
  }
  return live;
}
