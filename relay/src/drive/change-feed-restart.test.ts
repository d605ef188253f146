// The change feed across relay restarts: a cursor stays valid (nothing repeats, nothing is lost), and
// operations the index lacks (a drive from before the feed existed) are recorded when the drive opens.
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createFolder } from '@sheaf/shared/drive/drive-commands';
import { NodeId, ROOT } from '@sheaf/shared/drive/node-id';
import { FolderCreateResponse } from '@sheaf/shared/protocol/folder-create';
import { openDatabase } from '../db/database.js';
import { registerUser, startTestRelay, type TestRelay } from '../testing/test-relay.js';
import { api, eventually, openDriveClient } from '../testing/drive-client.js';

const started: TestRelay[] = [];
afterAll(async () => {
  for (const t of started.reverse()) await t.cleanup();
});
const start = async (dataDir?: string): Promise<TestRelay> => {
  const t = await startTestRelay(dataDir !== undefined ? { dataDir } : {});
  started.push(t);
  return t;
};

it('keeps a cursor valid across a restart and records operations the index lacks', async () => {
  const first = await start();
  const user = await registerUser(first.url);
  const device = await openDriveClient(first.url, user, 'laptop');
  for (let i = 0; i < 5; i++) device.run((a, tree) => createFolder(a, tree, ROOT, `Before ${i}`));
  await api(first.url, user.token).ok(FolderCreateResponse, 'POST', '/api/v1/folders', { name: 'REST before' });
  const before = await eventually(async () => {
    const drained = await api(first.url, user.token).drain('');
    return drained.changes.length === 6 ? drained : undefined;
  });
  await device.close();
  await first.close();

  // Same data directory: the cursor read before the restart goes on from where it was.
  const second = await start(first.dataDir);
  const rest = api(second.url, user.token);
  expect(await rest.changes(before.cursor)).toEqual({ changes: [], nextSyncTimestamp: before.cursor, hasMore: false });
  const laterDevice = await openDriveClient(second.url, user, 'laptop-2');
  laterDevice.run((a, tree) => createFolder(a, tree, ROOT, 'After device'));
  const viaRest = await rest.ok(FolderCreateResponse, 'POST', '/api/v1/folders', { name: 'After REST' });
  const after = await eventually(async () => {
    const drained = await rest.drain(before.cursor);
    return drained.changes.length === 2 ? drained : undefined;
  });
  expect(after.changes.map((c) => c.metadata.name).sort()).toEqual(['After REST', 'After device']);
  expect(after.changes.some((c) => c.fileId === NodeId.parse(viaRest.folderId))).toBe(true);
  const everything = await rest.drain('');
  expect(new Set(everything.changes.map((c) => c.changeId)).size).toBe(8);
  await laterDevice.close();
  await second.close();

  // The index loses its rows (as for a drive written before the feed existed): opening the drive
  // records every operation again, after every number handed out before.
  const db = openDatabase(join(first.dataDir, 'sheaf.sqlite'));
  db.prepare('DELETE FROM drive_changes').run();
  db.close();
  const third = await start(first.dataDir);
  const rebuilt = await api(third.url, user.token).drain('');
  expect(new Set(rebuilt.changes.map((c) => c.changeId))).toEqual(new Set(everything.changes.map((c) => c.changeId)));
  expect(Number(rebuilt.cursor)).toBeGreaterThan(Number(everything.cursor));
});
