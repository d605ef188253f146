// The REST change feed over real HTTP with real automerge-repo devices: every operation exactly once,
// whatever is written while a reader pages; devices; one user's feed never shows another's drive.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFolder } from '@sheaf/shared/drive/drive-commands';
import { readOps } from '@sheaf/shared/drive/drive-document';
import { NodeId, ROOT } from '@sheaf/shared/drive/node-id';
import type { DriveOp } from '@sheaf/shared/drive/ops';
import { ErrorBody } from '@sheaf/shared/protocol/error-kind';
import { FolderCreateResponse } from '@sheaf/shared/protocol/folder-create';
import { SyncAcknowledgeResponse } from '@sheaf/shared/protocol/sync-acknowledge';
import { SyncRegisterDeviceResponse } from '@sheaf/shared/protocol/sync-register-device';
import type { Change } from '@sheaf/shared/protocol/sync-changes';
import { registerUser } from '../testing/test-relay.js';
import { relayPerFile } from '../testing/relay-per-file.js';
import { api, eventually, openDriveClient, type DriveClient } from '../testing/drive-client.js';

const t = relayPerFile();
const { clients } = t;

const device = async (user: Awaited<ReturnType<typeof registerUser>>, actor: string): Promise<DriveClient> => {
  const c = await openDriveClient(t.url, user, actor);
  clients.push(c);
  return c;
};
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (changes: readonly Change[]): string[] => changes.map((c) => c.changeId);
const errorKind = (json: unknown): string => ErrorBody.parse(json).error.kind;

describe('change feed', () => {
  it('pages every operation exactly once, in the order recorded, with its fields', async () => {
    const user = await registerUser(t.url);
    const rest = api(t.url, user.token);
    const a = await device(user, 'feed-a');
    const made: DriveOp[] = [];
    for (let i = 0; i < 9; i++) made.push(...a.run((author, tree) => createFolder(author, tree, ROOT, `Folder ${i}`)));
    const viaRest = await rest.ok(FolderCreateResponse, 'POST', '/api/v1/folders', { name: 'From REST' });

    const all = await eventually(async () => {
      const drained = await rest.drain('', 4);
      return drained.changes.length === 10 ? drained : undefined;
    });
    expect(new Set(ids(all.changes)).size).toBe(10);
    expect(ids(all.changes)).toEqual(expect.arrayContaining(made.map((op) => op.id)));
    const restChange = all.changes.find((c) => c.fileId === NodeId.parse(viaRest.folderId));
    expect(restChange).toMatchObject({
      operation: 'created',
      metadata: { name: 'From REST', parentId: 'root', kind: 'folder', by: user.userId, device: 'Sheaf API' },
    });
    expect(restChange?.changeId).toMatch(/@relay$/);
    const first = all.changes.find((c) => c.changeId === made[0]?.id);
    expect(first?.timestamp).toBe(new Date(made[0]?.at ?? 0).toISOString());

    // Pages of one cut the same sequence; the last cursor answers an empty page.
    const ones = await rest.drain('', 1);
    expect(ids(ones.changes)).toEqual(ids(all.changes));
    const after = await rest.changes(all.cursor);
    expect(after).toEqual({ changes: [], nextSyncTimestamp: all.cursor, hasMore: false });
  });

  it('never skips or repeats while two devices and the REST API write and a reader pages', async () => {
    const user = await registerUser(t.url);
    const rest = api(t.url, user.token);
    const [a, b] = await Promise.all([device(user, 'writer-a'), device(user, 'writer-b')]);
    const PER_DEVICE = 40;
    const VIA_REST = 15;

    const write = async (c: DriveClient, prefix: string): Promise<void> => {
      for (let i = 0; i < PER_DEVICE; i++) {
        c.run((author, tree) => createFolder(author, tree, ROOT, `${prefix} ${i}`));
        await sleep(i % 3);
      }
    };
    const writeRest = async (): Promise<void> => {
      for (let i = 0; i < VIA_REST; i++)
        await rest.ok(FolderCreateResponse, 'POST', '/api/v1/folders', { name: `r ${i}` });
    };

    const seen: Change[] = [];
    let cursor = '';
    let writing = true;
    const read = async (): Promise<void> => {
      while (writing) {
        const page = await rest.changes(cursor, 7);
        seen.push(...page.changes);
        cursor = page.nextSyncTimestamp;
        await sleep(2);
      }
    };
    const reader = read();
    await Promise.all([write(a, 'a'), write(b, 'b'), writeRest()]);
    const total = 2 * PER_DEVICE + VIA_REST;
    // Let the devices' last changes reach the relay, then drain what the reader has not read yet.
    await eventually(async () => ((await rest.drain('')).changes.length === total ? true : undefined));
    writing = false;
    await reader;
    seen.push(...(await rest.drain(cursor, 7)).changes);

    expect(seen).toHaveLength(total);
    expect(new Set(ids(seen)).size).toBe(total);
    // Exactly the operations the drive holds, as a device sees it once everything has arrived.
    const inDoc = await eventually(() => {
      const ops = readOps(a.handle.doc()).ops;
      return ops.length === total ? ops : undefined;
    });
    expect(new Set(ids(seen))).toEqual(new Set(inDoc.map((op) => op.id)));
  });

  it('shows nothing of one user to another', async () => {
    const owner = await registerUser(t.url);
    const stranger = await registerUser(t.url);
    const made = await api(t.url, owner.token).ok(FolderCreateResponse, 'POST', '/api/v1/folders', { name: 'Mine' });
    const theirs = api(t.url, stranger.token);
    expect((await theirs.drain('')).changes).toEqual([]);
    expect((await theirs.call('GET', `/api/v1/files/${made.folderId}/metadata`)).status).toBe(404);
    expect((await theirs.call('PUT', `/api/v1/files/${made.folderId}`, { name: 'Stolen' })).status).toBe(404);
    expect((await theirs.call('DELETE', `/api/v1/files/${made.folderId}`)).status).toBe(404);
    expect((await theirs.call('GET', `/api/v1/folders/${made.folderId}/contents`)).status).toBe(404);
    // Acknowledging someone else's change ids records nothing.
    const ownerChanges = await api(t.url, owner.token).drain('');
    await theirs.ok(SyncRegisterDeviceResponse, 'POST', '/api/v1/sync/register-device', {
      deviceId: 'phone',
      deviceName: 'Phone',
      platform: 'ios',
    });
    const ack = await theirs.ok(SyncAcknowledgeResponse, 'POST', '/api/v1/sync/acknowledge', {
      deviceId: 'phone',
      syncedChanges: ids(ownerChanges.changes),
    });
    expect(ack.acknowledged).toBe('0');
  });

  it('requires a token', async () => {
    const res = await fetch(`${t.url}/api/v1/sync/changes`);
    expect(res.status).toBe(401);
  });

  it('rejects a malformed cursor, a cursor it never gave out, and a bad limit', async () => {
    const rest = api(t.url, (await registerUser(t.url)).token);
    for (const query of [
      'lastSyncTimestamp=abc',
      'lastSyncTimestamp=-1',
      'lastSyncTimestamp=999999999999',
      'limit=0',
      'limit=5000',
    ]) {
      const { status, json } = await rest.call('GET', `/api/v1/sync/changes?${query}`);
      expect([query, status, errorKind(json)]).toEqual([query, 400, 'bad_request']);
    }
  });
});

describe('devices', () => {
  it('registers a device from the beginning, records acknowledgements, and refuses unknown devices', async () => {
    const user = await registerUser(t.url);
    const rest = api(t.url, user.token);
    const registered = await rest.ok(SyncRegisterDeviceResponse, 'POST', '/api/v1/sync/register-device', {
      deviceId: 'laptop_1',
      deviceName: 'Work laptop',
      platform: 'linux',
    });
    expect(registered).toEqual({ deviceId: 'laptop_1', syncToken: '0' });
    // Registering again is allowed (a reinstall) and still starts from the beginning.
    const again = await rest.ok(SyncRegisterDeviceResponse, 'POST', '/api/v1/sync/register-device', {
      deviceId: 'laptop_1',
      deviceName: 'Renamed laptop',
      platform: 'linux',
    });
    expect(again.syncToken).toBe('0');

    for (const name of ['One', 'Two', 'Three']) {
      await rest.ok(FolderCreateResponse, 'POST', '/api/v1/folders', { name });
    }
    const page = await rest.ok(
      z.object({ changes: z.array(z.object({ changeId: z.string() })), nextSyncTimestamp: z.string() }),
      'GET',
      `/api/v1/sync/changes?lastSyncTimestamp=${again.syncToken}&deviceId=laptop_1&limit=2`,
    );
    expect(page.changes).toHaveLength(2);
    const ack = await rest.ok(SyncAcknowledgeResponse, 'POST', '/api/v1/sync/acknowledge', {
      deviceId: 'laptop_1',
      syncedChanges: page.changes.map((c) => c.changeId),
    });
    expect(ack).toEqual({ success: true, acknowledged: page.nextSyncTimestamp });
    // Acknowledging older changes later never moves the device back.
    const older = await rest.ok(SyncAcknowledgeResponse, 'POST', '/api/v1/sync/acknowledge', {
      deviceId: 'laptop_1',
      syncedChanges: page.changes.slice(0, 1).map((c) => c.changeId),
    });
    expect(older.acknowledged).toBe(page.nextSyncTimestamp);

    const unknownAck = await rest.call('POST', '/api/v1/sync/acknowledge', { deviceId: 'nope', syncedChanges: [] });
    expect([unknownAck.status, errorKind(unknownAck.json)]).toEqual([404, 'not_found']);
    const unknownRead = await rest.call('GET', '/api/v1/sync/changes?deviceId=nope');
    expect([unknownRead.status, errorKind(unknownRead.json)]).toEqual([404, 'not_found']);
    const badId = await rest.call('POST', '/api/v1/sync/register-device', {
      deviceId: 'has spaces',
      deviceName: 'x',
      platform: 'y',
    });
    expect(badId.status).toBe(400);
  });

  it('keeps device ids apart per user', async () => {
    const one = api(t.url, (await registerUser(t.url)).token);
    const two = api(t.url, (await registerUser(t.url)).token);
    const body = { deviceId: 'same-name', deviceName: 'Phone', platform: 'android' };
    await one.ok(SyncRegisterDeviceResponse, 'POST', '/api/v1/sync/register-device', body);
    const other = await two.call('POST', '/api/v1/sync/acknowledge', { deviceId: 'same-name', syncedChanges: [] });
    expect(other.status).toBe(404);
    await two.ok(SyncRegisterDeviceResponse, 'POST', '/api/v1/sync/register-device', body);
    expect(
      (
        await two.ok(SyncAcknowledgeResponse, 'POST', '/api/v1/sync/acknowledge', {
          deviceId: 'same-name',
          syncedChanges: [],
        })
      ).success,
    ).toBe(true);
  });
});
