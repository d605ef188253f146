import { describe, expect, it } from 'vitest';
import { ChunkHash } from '../ids.js';
import { addVersion, createFile, emptyTrash, trash } from './drive-commands.js';
import type { DriveReplica } from './drive-replica.js';
import { ROOT, type NodeId } from './node-id.js';
import type { Content } from './ops.js';
import { encodeRetention, KEEP_ALL, liveChunks, readRetention, retainedVersions, type Retention } from './retention.js';
import { testReplica } from './testing.js';

const DAY = 86_400_000;
const hash = (n: number): ChunkHash => ChunkHash.parse(n.toString(16).padStart(64, '0'));
const content = (n: number): Content => ({
  hash: hash(1000 + n),
  size: 10,
  mediaType: 'text/plain',
  manifest: { size: 10, chunks: [{ hash: hash(n), size: 10 }] },
});

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`command failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** A file with versions 1..count, version i made `count - i` days before `now`. */
function fileWithVersions(count: number, now: number): { replica: DriveReplica; file: NodeId } {
  let at = now - (count - 1) * DAY;
  const replica = testReplica('alpha', 'Alpha', () => at);
  const file = must(replica.run((a, t) => createFile(a, t, ROOT, 'notes.txt', content(1))))[0]?.node;
  if (file === undefined) throw new Error('no file');
  for (let i = 2; i <= count; i++) {
    at += DAY;
    must(replica.run((a, t) => addVersion(a, t, file, content(i))));
  }
  return { replica, file };
}

const NOW = Date.UTC(2026, 10, 25, 12);
const chunkNumbers = (chunks: Set<ChunkHash>): number[] =>
  [...chunks].map((h) => parseInt(h, 16)).sort((a, b) => a - b);

describe('retention', () => {
  it('keeps everything by default', () => {
    const { replica } = fileWithVersions(5, NOW);
    expect(chunkNumbers(liveChunks(replica.tree(), KEEP_ALL, NOW))).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps the newest N versions', () => {
    const { replica } = fileWithVersions(5, NOW);
    expect(chunkNumbers(liveChunks(replica.tree(), { keep: 'count', versions: 2 }, NOW))).toEqual([4, 5]);
  });

  it('keeps versions of the last N days and always the current one', () => {
    const { replica, file } = fileWithVersions(5, NOW);
    expect(chunkNumbers(liveChunks(replica.tree(), { keep: 'days', days: 2 }, NOW))).toEqual([3, 4, 5]);
    const versions = replica.tree().nodes.get(file)?.versions ?? [];
    const later = NOW + 365 * DAY;
    expect([...retainedVersions(versions, { keep: 'days', days: 1 }, later)]).toEqual([versions.at(-1)?.op]);
  });

  it('keeps the versions of a file in the trash, and lets them go once it is purged', () => {
    const { replica, file } = fileWithVersions(3, NOW);
    must(replica.run((a, t) => trash(a, t, file)));
    expect(chunkNumbers(liveChunks(replica.tree(), KEEP_ALL, NOW))).toEqual([1, 2, 3]);
    must(replica.run((a, t) => emptyTrash(a, t)));
    expect(liveChunks(replica.tree(), KEEP_ALL, NOW).size).toBe(0);
  });

  it('keeps a chunk that a retained version of another file shares', () => {
    const { replica } = fileWithVersions(3, NOW);
    must(replica.run((a, t) => createFile(a, t, ROOT, 'copy.txt', content(1))));
    expect(chunkNumbers(liveChunks(replica.tree(), { keep: 'count', versions: 1 }, NOW))).toEqual([1, 3]);
  });

  it('reads a stored rule, and anything unreadable as keep-all', () => {
    const rule: Retention = { keep: 'count', versions: 10 };
    expect(readRetention(encodeRetention(rule))).toEqual(rule);
    expect(readRetention(undefined)).toEqual(KEEP_ALL);
    expect(readRetention('{"keep":"count","versions":0}')).toEqual(KEEP_ALL);
    expect(readRetention('{"keep":"forever"}')).toEqual(KEEP_ALL);
    expect(readRetention('not json')).toEqual(KEEP_ALL);
  });
});
