// The file and folder routes over real HTTP, on the same drive document devices sync: what the REST
// API writes reaches an automerge-repo device, and what a device writes is what the API reads.
import { ImmutableString } from '@automerge/automerge-repo';
import { describe, expect, it } from 'vitest';
import { addVersion, createFile } from '@sheaf/shared/drive/drive-commands';
import { readOps } from '@sheaf/shared/drive/drive-document';
import { NodeId, ROOT } from '@sheaf/shared/drive/node-id';
import { encodeRetention } from '@sheaf/shared/drive/retention';
import { testContent } from '@sheaf/shared/drive/testing';
import { ErrorBody } from '@sheaf/shared/protocol/error-kind';
import { FileDeleteResponse } from '@sheaf/shared/protocol/file-delete';
import { FileMetadataResponse } from '@sheaf/shared/protocol/file-metadata';
import { FileRestoreResponse } from '@sheaf/shared/protocol/file-restore';
import { FileUpdateResponse } from '@sheaf/shared/protocol/file-update';
import { FileVersionsResponse } from '@sheaf/shared/protocol/file-versions';
import { FolderContentsResponse } from '@sheaf/shared/protocol/folder-contents';
import { FolderCreateResponse } from '@sheaf/shared/protocol/folder-create';
import { registerUser } from '../testing/test-relay.js';
import { relayPerFile } from '../testing/relay-per-file.js';
import { api, eventually, openDriveClient, type Api, type DriveClient } from '../testing/drive-client.js';

const t = relayPerFile();
const { clients } = t;

const signUp = async (): Promise<{ rest: Api; user: Awaited<ReturnType<typeof registerUser>> }> => {
  const user = await registerUser(t.url);
  return { rest: api(t.url, user.token), user };
};
const device = async (user: Awaited<ReturnType<typeof registerUser>>, actor: string): Promise<DriveClient> => {
  const c = await openDriveClient(t.url, user, actor);
  clients.push(c);
  return c;
};
const expectError = (res: { status: number; json: unknown }, status: number, kind: string): void => {
  expect([res.status, ErrorBody.parse(res.json).error.kind]).toEqual([status, kind]);
};
const mkdir = (rest: Api, name: string, parentFolderId?: string) =>
  rest.ok(FolderCreateResponse, 'POST', '/api/v1/folders', { name, ...(parentFolderId ? { parentFolderId } : {}) });
const contents = (rest: Api, folder: string, query = '') =>
  rest.ok(FolderContentsResponse, 'GET', `/api/v1/folders/${folder}/contents${query}`);

describe('folders', () => {
  it('creates a folder that an automerge-repo device receives', async () => {
    const { rest, user } = await signUp();
    const phone = await device(user, 'phone');
    const made = await mkdir(rest, 'Holiday photos');
    expect(made).toMatchObject({ name: 'Holiday photos', parentFolderId: 'root' });
    expect(made.folderId).toMatch(/^fo_[0-9a-f]{32}$/);
    expect(Date.parse(made.createdAt)).not.toBeNaN();
    const op = await eventually(() =>
      readOps(phone.handle.doc()).ops.find((o) => o.t === 'create' && o.node === NodeId.parse(made.folderId)),
    );
    expect(op).toMatchObject({ t: 'create', kind: 'folder', parent: 'root', name: 'Holiday photos', by: user.userId });
  });

  it('numbers a name already taken, nests folders, and refuses bad names and parents', async () => {
    const { rest } = await signUp();
    const docs = await mkdir(rest, 'Docs');
    const again = await mkdir(rest, 'docs');
    expect(again.name).not.toBe('docs');
    expect(again.name.toLowerCase()).toContain('docs');
    const inner = await mkdir(rest, 'Inner', docs.folderId);
    expect(inner.parentFolderId).toBe(docs.folderId);

    const badName = await rest.call('POST', '/api/v1/folders', { name: 'a/b' });
    expectError(badName, 400, 'bad_request');
    expect(ErrorBody.parse(badName.json).error.details?.[0]?.path).toBe('name');
    expectError(
      await rest.call('POST', '/api/v1/folders', { name: 'x', parentFolderId: `fo_${'0'.repeat(32)}` }),
      404,
      'not_found',
    );
    expectError(
      await rest.call('POST', '/api/v1/folders', { name: 'x', parentFolderId: 'nonsense' }),
      400,
      'bad_request',
    );
  });

  it('lists a page of a folder: folders first, sorted, counted', async () => {
    const { rest, user } = await signUp();
    const laptop = await device(user, 'laptop');
    const box = await mkdir(rest, 'Box');
    const boxId = NodeId.parse(box.folderId);
    await eventually(() => readOps(laptop.handle.doc()).ops.find((o) => o.node === boxId));
    laptop.catchUp();
    laptop.run((a, tree) => createFile(a, tree, boxId, 'big.bin', testContent('big', 5000)));
    laptop.run((a, tree) => createFile(a, tree, boxId, 'small.txt', testContent('small', 10)));
    for (const name of ['Folder 10', 'Folder 2']) await mkdir(rest, name, box.folderId);

    const listed = await eventually(async () => {
      const page = await contents(rest, box.folderId);
      return page.totalCount === 4 ? page : undefined;
    });
    expect(listed.folders.map((f) => f.name)).toEqual(['Folder 2', 'Folder 10']);
    expect(listed.files.map((f) => [f.name, f.size, f.version])).toEqual([
      ['big.bin', 5000, 1],
      ['small.txt', 10, 1],
    ]);
    const bySize = await contents(rest, box.folderId, '?sortBy=size&order=desc');
    expect(bySize.files.map((f) => f.name)).toEqual(['big.bin', 'small.txt']);
    const bySizeAsc = await contents(rest, box.folderId, '?sortBy=size&order=asc');
    expect(bySizeAsc.files.map((f) => f.name)).toEqual(['small.txt', 'big.bin']);
    const second = await contents(rest, box.folderId, '?limit=3&page=2');
    expect(second).toMatchObject({ totalCount: 4, page: 2, folders: [] });
    expect(second.files.map((f) => f.name)).toEqual(['small.txt']);

    expectError(await rest.call('GET', '/api/v1/folders/root/contents?sortBy=colour'), 400, 'bad_request');
    expectError(await rest.call('GET', `/api/v1/folders/fo_${'1'.repeat(32)}/contents`), 404, 'not_found');
  });
});

describe('files', () => {
  it('renames and moves, numbering on collision, and refuses a cycle and the root', async () => {
    const { rest } = await signUp();
    const a = await mkdir(rest, 'A');
    const b = await mkdir(rest, 'B');
    const child = await mkdir(rest, 'Child', a.folderId);
    await mkdir(rest, 'A', b.folderId);

    const renamed = await rest.ok(FileUpdateResponse, 'PUT', `/api/v1/files/${child.folderId}`, { name: 'Kid' });
    expect(renamed).toEqual({
      fileId: child.folderId,
      updatedFields: ['name'],
      name: 'Kid',
      parentFolderId: a.folderId,
    });
    const moved = await rest.ok(FileUpdateResponse, 'PUT', `/api/v1/files/${child.folderId}`, {
      parentFolderId: b.folderId,
    });
    expect(moved.updatedFields).toEqual(['parentFolderId']);
    // Moving A into B, which already holds an "A": the move numbers the name.
    const both = await rest.ok(FileUpdateResponse, 'PUT', `/api/v1/files/${a.folderId}`, {
      parentFolderId: b.folderId,
    });
    expect(both.updatedFields.sort()).toEqual(['name', 'parentFolderId']);
    expect(both.name).not.toBe('A');
    const meta = await rest.ok(FileMetadataResponse, 'GET', `/api/v1/files/${a.folderId}/metadata`);
    expect(meta).toMatchObject({ name: both.name, parentId: b.folderId, kind: 'folder', version: 0 });

    expectError(await rest.call('PUT', `/api/v1/files/${b.folderId}`, { parentFolderId: a.folderId }), 409, 'conflict');
    expectError(await rest.call('PUT', '/api/v1/files/root', { name: 'Drive' }), 400, 'bad_request');
    expectError(await rest.call('PUT', `/api/v1/files/${a.folderId}`, {}), 400, 'bad_request');
    expectError(await rest.call('PUT', `/api/v1/files/${a.folderId}`, { name: 'con' }), 400, 'bad_request');
    expectError(await rest.call('PUT', '/api/v1/files/not-an-id', { name: 'x' }), 400, 'bad_request');
    expectError(await rest.call('PUT', `/api/v1/files/f_${'2'.repeat(32)}`, { name: 'x' }), 404, 'not_found');
  });

  it('deletes to the trash, idempotently, and a trashed node takes no more edits', async () => {
    const { rest } = await signUp();
    const doomed = await mkdir(rest, 'Doomed');
    await mkdir(rest, 'Inside', doomed.folderId);
    expect(await rest.ok(FileDeleteResponse, 'DELETE', `/api/v1/files/${doomed.folderId}`)).toEqual({ success: true });
    expect((await contents(rest, 'root')).folders.map((f) => f.name)).not.toContain('Doomed');
    const meta = await rest.ok(FileMetadataResponse, 'GET', `/api/v1/files/${doomed.folderId}/metadata`);
    expect(meta.inTrash).toBe(true);
    expect(await rest.ok(FileDeleteResponse, 'DELETE', `/api/v1/files/${doomed.folderId}`)).toEqual({ success: true });
    expectError(await rest.call('PUT', `/api/v1/files/${doomed.folderId}`, { name: 'Back' }), 409, 'conflict');
    expectError(await rest.call('GET', `/api/v1/folders/${doomed.folderId}/contents`), 409, 'conflict');
    expectError(await rest.call('DELETE', '/api/v1/files/root'), 400, 'bad_request');
    const feed = await rest.drain('');
    expect(feed.changes.filter((c) => c.operation === 'trashed').map((c) => c.fileId)).toEqual([doomed.folderId]);
  });

  it('lists versions and restores one as a new version that devices receive', async () => {
    const { rest, user } = await signUp();
    const laptop = await device(user, 'versions');
    const [created] = laptop.run((a, tree) => createFile(a, tree, ROOT, 'notes.txt', testContent('v1', 11)));
    if (created?.t !== 'create') throw new Error('no create');
    laptop.run((a, tree) => addVersion(a, tree, created.node, testContent('v2', 22)));

    const listed = await eventually(async () => {
      const res = await rest.call('GET', `/api/v1/files/${created.node}/versions`);
      if (res.status !== 200) return undefined;
      const body = FileVersionsResponse.parse(res.json);
      return body.versions.length === 2 ? body : undefined;
    });
    expect(listed.versions.map((v) => [v.version, v.size, v.createdBy, v.device])).toEqual([
      [1, 11, user.userId, "versions's device"],
      [2, 22, user.userId, "versions's device"],
    ]);
    const first = listed.versions[0];
    if (first === undefined) throw new Error('no first version');

    const restored = await rest.ok(FileRestoreResponse, 'POST', `/api/v1/files/${created.node}/restore`, {
      versionId: first.versionId,
    });
    expect(restored).toMatchObject({ fileId: created.node, currentVersion: 3 });
    const meta = await rest.ok(FileMetadataResponse, 'GET', `/api/v1/files/${created.node}/metadata`);
    expect(meta).toMatchObject({ size: 11, version: 3, ownerId: user.userId, kind: 'file', inTrash: false });
    const after = await rest.ok(FileVersionsResponse, 'GET', `/api/v1/files/${created.node}/versions`);
    expect(after.versions.at(-1)).toMatchObject({ versionId: restored.versionId, contentHash: first.contentHash });
    await eventually(() => readOps(laptop.handle.doc()).ops.find((o) => o.id === restored.versionId));

    // Restoring the current content again changes nothing.
    const same = await rest.ok(FileRestoreResponse, 'POST', `/api/v1/files/${created.node}/restore`, {
      versionId: first.versionId,
    });
    expect(same).toEqual(restored);

    const unknown = `000000000999@${'x'}`;
    expectError(
      await rest.call('POST', `/api/v1/files/${created.node}/restore`, { versionId: unknown }),
      404,
      'not_found',
    );
    expectError(
      await rest.call('POST', `/api/v1/files/${created.node}/restore`, { versionId: 'v1' }),
      400,
      'bad_request',
    );
    expectError(await rest.call('GET', '/api/v1/files/root/versions'), 409, 'conflict');
  });

  it('lists versions the retention rule drops as expired, and refuses to restore them with 410', async () => {
    const { rest, user } = await signUp();
    const laptop = await device(user, 'retention');
    const [created] = laptop.run((a, tree) => createFile(a, tree, ROOT, 'plan.txt', testContent('p1', 5)));
    if (created?.t !== 'create') throw new Error('no create');
    laptop.run((a, tree) => addVersion(a, tree, created.node, testContent('p2', 6)));
    laptop.handle.change((d) => {
      (d as { retention?: ImmutableString }).retention = new ImmutableString(
        encodeRetention({ keep: 'count', versions: 1 }),
      );
    });
    const listed = await eventually(async () => {
      const res = await rest.call('GET', `/api/v1/files/${created.node}/versions`);
      if (res.status !== 200) return undefined;
      const body = FileVersionsResponse.parse(res.json);
      return body.versions.length === 2 && body.versions[0]?.expired === true ? body : undefined;
    });
    expect(listed.versions.map((v) => v.expired)).toEqual([true, false]);
    expectError(
      await rest.call('POST', `/api/v1/files/${created.node}/restore`, { versionId: listed.versions[0]?.versionId }),
      410,
      'gone',
    );
  });
});
