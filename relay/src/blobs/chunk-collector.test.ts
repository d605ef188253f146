// The chunk collector on a real relay: real SQLite, real blob folder, a device writing versions
// through automerge-repo, and a clock the test moves. Bytes go only when no retained version needs
// them and the grace period has passed; a chunk another user holds stays.
import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { ImmutableString } from '@automerge/automerge-repo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addVersion, createFile, emptyTrash, trash } from '@sheaf/shared/drive/drive-commands';
import { ROOT, type NodeId } from '@sheaf/shared/drive/node-id';
import type { Content } from '@sheaf/shared/drive/ops';
import { encodeRetention } from '@sheaf/shared/drive/retention';
import { ChunkHash } from '@sheaf/shared/ids';
import { FileVersionsResponse } from '@sheaf/shared/protocol/file-versions';
import { registerUser, startTestRelay, type TestRelay } from '../testing/test-relay.js';
import { api, eventually, openDriveClient, type DriveClient } from '../testing/drive-client.js';
import { fanOutPath } from './fs-files.js';

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

const bytesOf = (label: string): Uint8Array => new TextEncoder().encode(`chunk ${label} `.repeat(100));
const hashOf = (bytes: Uint8Array): ChunkHash => ChunkHash.parse(createHash('sha256').update(bytes).digest('hex'));

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

const contentOf = (hash: ChunkHash, size: number): Content => ({
  hash: ChunkHash.parse(createHash('sha256').update(hash).digest('hex')),
  size,
  mediaType: 'text/plain',
  manifest: { size, chunks: [{ hash, size }] },
});

const readable = async (token: string, hash: ChunkHash): Promise<number> =>
  (await fetch(`${t.url}/api/v1/chunks/${hash}`, { headers: { authorization: `Bearer ${token}` } })).status;

const blobOnDisk = async (hash: ChunkHash): Promise<boolean> => {
  try {
    await access(fanOutPath(join(t.dataDir, 'blobs'), hash));
    return true;
  } catch {
    return false;
  }
};

describe('chunk collector', () => {
  it('frees what no retained version needs, after the grace period, and nothing else', async () => {
    const alice = await registerUser(t.url);
    const bob = await registerUser(t.url);
    const [v1, v2, stray] = ['one', 'two', 'stray'].map(bytesOf) as [Uint8Array, Uint8Array, Uint8Array];
    const h1 = await upload(alice.token, v1);
    const h2 = await upload(alice.token, v2);
    const hStray = await upload(alice.token, stray);
    expect(await blobOnDisk(h1)).toBe(true);

    const laptop = await openDriveClient(t.url, alice, 'laptop');
    clients.push(laptop);
    const file = laptop.run((a, tree) => createFile(a, tree, ROOT, 'notes.txt', contentOf(h1, v1.length)))[0]
      ?.node as NodeId;
    laptop.run((a, tree) => addVersion(a, tree, file, contentOf(h2, v2.length)));
    const rest = api(t.url, alice.token);
    // Until the laptop's operations reach the relay, the file is not found there yet: keep asking.
    await eventually(async () => {
      const { status, json } = await rest.call('GET', `/api/v1/files/${file}/versions`);
      if (status === 404) return undefined;
      return FileVersionsResponse.parse(json).versions.length === 2 ? true : undefined;
    });

    // Within the grace period even the stray chunk stays.
    expect(await t.relay.collectChunks()).toMatchObject({ released: 0, deleted: 0, skipped: 0 });
    expect(await readable(alice.token, hStray)).toBe(200);

    now += 2 * HOUR;
    expect(await t.relay.collectChunks()).toMatchObject({ released: 1, deleted: 1 });
    expect(await readable(alice.token, hStray)).toBe(404);
    expect(await blobOnDisk(hStray)).toBe(false);
    expect([await readable(alice.token, h1), await readable(alice.token, h2)]).toEqual([200, 200]);

    // Bob uploads the same bytes as Alice's first version: his claim keeps them after hers goes.
    await upload(bob.token, v1);
    laptop.handle.change((d) => {
      (d as { retention?: ImmutableString }).retention = new ImmutableString(
        encodeRetention({ keep: 'count', versions: 1 }),
      );
    });
    await eventually(async () => {
      await t.relay.collectChunks();
      return (await readable(alice.token, h1)) === 404 ? true : undefined;
    });
    expect(await readable(bob.token, h1)).toBe(200);
    expect(await blobOnDisk(h1)).toBe(true);
    expect(await readable(alice.token, h2)).toBe(200);

    // In the trash the current version stays; emptied, it goes.
    laptop.run((a, tree) => trash(a, tree, file));
    now += 2 * HOUR;
    await t.relay.collectChunks();
    expect(await readable(alice.token, h2)).toBe(200);
    laptop.run((a, tree) => emptyTrash(a, tree));
    await eventually(async () => {
      await t.relay.collectChunks();
      return (await readable(alice.token, h2)) === 404 ? true : undefined;
    });
    expect(await blobOnDisk(h2)).toBe(false);
    // Bob's claim on the first version's bytes has outlived the grace period, and his drive does not use them.
    expect(await blobOnDisk(h1)).toBe(false);
  });

  it('starts the grace period over when the missing-chunks route tells a device it holds a chunk', async () => {
    const carol = await registerUser(t.url);
    const bytes = bytesOf('kept by a claim');
    const hash = await upload(carol.token, bytes);
    now += 50 * 60_000;
    const rest = api(t.url, carol.token);
    const answer = await rest.call('POST', '/api/v1/chunks/missing', { hashes: [hash] });
    expect(answer.json).toEqual({ missing: [] });
    now += 50 * 60_000;
    await t.relay.collectChunks();
    expect(await readable(carol.token, hash)).toBe(200);
    now += 20 * 60_000;
    await t.relay.collectChunks();
    expect(await readable(carol.token, hash)).toBe(404);
  });
});
