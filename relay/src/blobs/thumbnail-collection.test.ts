// Thumbnails on the relay: a device PUTs a picture's thumbnail as a chunk and records it in the drive
// document (shared/drive/thumbnails.ts). No version's manifest lists that chunk, so the collector
// must count the record as a use: it stays while the version it shows is kept, and goes with it.
import { createHash } from 'node:crypto';
import { ImmutableString } from '@automerge/automerge-repo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFile, emptyTrash, trash } from '@sheaf/shared/drive/drive-commands';
import { ROOT, type NodeId } from '@sheaf/shared/drive/node-id';
import type { Content } from '@sheaf/shared/drive/ops';
import { encodeThumbnail, type StoredThumbnails } from '@sheaf/shared/drive/thumbnails';
import { ChunkHash } from '@sheaf/shared/ids';
import { registerUser, startTestRelay, type TestRelay } from '../testing/test-relay.js';
import { api, eventually, openDriveClient, type DriveClient } from '../testing/drive-client.js';

const HOUR = 3_600_000;
let now = Date.UTC(2026, 10, 25, 12);
let t: TestRelay;
const clients: DriveClient[] = [];

beforeAll(async () => {
  t = await startTestRelay({
    clock: { now: () => now },
    env: { CHUNK_GRACE_HOURS: '1', COLLECT_INTERVAL_MINUTES: '0', ACCESS_TOKEN_TTL_SECONDS: String(30 * 24 * 3600) },
  });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await t.cleanup();
});

const bytesOf = (label: string): Uint8Array => new TextEncoder().encode(`bytes of ${label} `.repeat(50));
const hashOf = (bytes: Uint8Array | string): ChunkHash =>
  ChunkHash.parse(createHash('sha256').update(bytes).digest('hex'));

async function upload(token: string, bytes: Uint8Array): Promise<ChunkHash> {
  const hash = hashOf(bytes);
  const res = await fetch(`${t.url}/api/v1/chunks/${hash}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  expect(res.status).toBe(200);
  return hash;
}

const readable = async (token: string, hash: ChunkHash): Promise<number> =>
  (await fetch(`${t.url}/api/v1/chunks/${hash}`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('thumbnail chunks', () => {
  it('live as long as the version they show, and no longer', async () => {
    const alice = await registerUser(t.url);
    const picture = bytesOf('a picture');
    const pictureHash = await upload(alice.token, picture);
    const content: Content = {
      hash: hashOf(pictureHash),
      size: picture.length,
      mediaType: 'image/png',
      manifest: { size: picture.length, chunks: [{ hash: pictureHash, size: picture.length }] },
    };
    const thumbnailBytes = bytesOf('its thumbnail');
    const thumbnail = await upload(alice.token, thumbnailBytes);
    // Recorded for content no file has: nothing keeps it.
    const strayBytes = bytesOf('a stray thumbnail');
    const stray = await upload(alice.token, strayBytes);

    const laptop = await openDriveClient(t.url, alice, 'laptop');
    clients.push(laptop);
    // Recorded before the file is made: once the relay has the file, it has the record too.
    laptop.handle.change((d) => {
      const doc = d as { thumbnails?: StoredThumbnails };
      doc.thumbnails = {};
      const record = (hash: ChunkHash, size: number): ImmutableString =>
        new ImmutableString(encodeThumbnail({ hash, size, width: 256, height: 160, mediaType: 'image/webp' }));
      doc.thumbnails[content.hash] = record(thumbnail, thumbnailBytes.length);
      doc.thumbnails[hashOf('no such content')] = record(stray, strayBytes.length);
    });
    const file = laptop.run((a, tree) => createFile(a, tree, ROOT, 'photo.png', content))[0]?.node as NodeId;
    const rest = api(t.url, alice.token);
    await eventually(async () =>
      (await rest.call('GET', `/api/v1/files/${file}/versions`)).status === 200 ? true : undefined,
    );

    now += 2 * HOUR;
    await t.relay.collectChunks();
    expect(await readable(alice.token, thumbnail)).toBe(200);
    expect(await readable(alice.token, stray)).toBe(404);

    laptop.run((a, tree) => trash(a, tree, file));
    laptop.run((a, tree) => emptyTrash(a, tree));
    await eventually(async () => {
      await t.relay.collectChunks();
      return (await readable(alice.token, thumbnail)) === 404 ? true : undefined;
    });
    expect(await readable(alice.token, pictureHash)).toBe(404);
  });
});
