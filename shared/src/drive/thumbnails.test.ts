import { describe, expect, it } from 'vitest';
import { ChunkHash } from '../ids.js';
import { addVersion, createFile, emptyTrash, trash } from './drive-commands.js';
import { ROOT } from './node-id.js';
import type { Content } from './ops.js';
import { KEEP_ALL } from './retention.js';
import { testReplica } from './testing.js';
import {
  documentThumbnail,
  documentThumbnails,
  encodeThumbnail,
  liveThumbnailChunks,
  readThumbnail,
  readThumbnails,
  type Thumbnail,
} from './thumbnails.js';

const hash = (n: number): ChunkHash => ChunkHash.parse(n.toString(16).padStart(64, '0'));
const content = (n: number): Content => ({
  hash: hash(1000 + n),
  size: 10,
  mediaType: 'image/png',
  manifest: { size: 10, chunks: [{ hash: hash(n), size: 10 }] },
});
const thumbnail = (n: number): Thumbnail => ({
  hash: hash(5000 + n),
  size: 900,
  width: 256,
  height: 171,
  mediaType: 'image/webp',
});

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`command failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

const NOW = Date.UTC(2026, 10, 25, 12);

describe('thumbnails', () => {
  it('reads back what was recorded, and nothing from malformed or foreign entries', () => {
    const stored = {
      [hash(1001)]: encodeThumbnail(thumbnail(1)),
      // Automerge hands back ImmutableStrings: objects whose `val` is the text.
      [hash(1002)]: { val: encodeThumbnail(thumbnail(2)), toString: () => encodeThumbnail(thumbnail(2)) },
      [hash(1003)]: '{"hash":"not a hash","size":1,"width":1,"height":1,"mediaType":"image/webp"}',
      [hash(1004)]: JSON.stringify({ ...thumbnail(4), width: 4096 }),
      [hash(1005)]: 'not json',
      'not-a-hash': encodeThumbnail(thumbnail(6)),
    };
    expect(readThumbnail(stored, hash(1001))).toEqual(thumbnail(1));
    expect(readThumbnail(stored, hash(1002))).toEqual(thumbnail(2));
    expect(readThumbnail(stored, hash(1003))).toBeUndefined();
    expect(readThumbnail(undefined, hash(1001))).toBeUndefined();
    expect([...readThumbnails(stored).keys()]).toEqual([hash(1001), hash(1002)]);
    expect(readThumbnails(['a list']).size).toBe(0);
  });

  it('finds them in a drive document, which may have none', () => {
    const doc = { kind: 'drive', ops: {}, thumbnails: { [hash(1001)]: encodeThumbnail(thumbnail(1)) } };
    expect(documentThumbnail(doc, hash(1001))).toEqual(thumbnail(1));
    expect(documentThumbnails(doc).size).toBe(1);
    expect(documentThumbnail({ kind: 'drive', ops: {} }, hash(1001))).toBeUndefined();
    expect(documentThumbnails(null).size).toBe(0);
  });

  it('refuses to encode a thumbnail larger than the app makes', () => {
    expect(() => encodeThumbnail({ ...thumbnail(1), size: 10 * 1024 * 1024 })).toThrow();
  });

  it('keeps the thumbnails of retained versions, and lets them go once the file is purged', () => {
    const replica = testReplica('alpha');
    const file = must(replica.run((a, t) => createFile(a, t, ROOT, 'photo.png', content(1))))[0]?.node;
    if (file === undefined) throw new Error('no file');
    must(replica.run((a, t) => addVersion(a, t, file, content(2))));
    const recorded = new Map([
      [hash(1001), thumbnail(1)],
      [hash(1002), thumbnail(2)],
      // A thumbnail of content no file has: nothing keeps it.
      [hash(1009), thumbnail(9)],
    ]);
    expect([...liveThumbnailChunks(replica.tree(), KEEP_ALL, NOW, recorded)].sort()).toEqual([hash(5001), hash(5002)]);
    expect([...liveThumbnailChunks(replica.tree(), { keep: 'count', versions: 1 }, NOW, recorded)]).toEqual([
      hash(5002),
    ]);
    must(replica.run((a, t) => trash(a, t, file)));
    must(replica.run((a, t) => emptyTrash(a, t)));
    expect(liveThumbnailChunks(replica.tree(), KEEP_ALL, NOW, recorded).size).toBe(0);
  });
});
