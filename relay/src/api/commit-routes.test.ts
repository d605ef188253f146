// Committing uploaded chunks as a file over real HTTP: a new file, then versions of it by name, and
// refusals that leave the drive untouched.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunkHash } from '@sheaf/shared/ids';
import { ErrorBody } from '@sheaf/shared/protocol/error-kind';
import { FileCommitResponse } from '@sheaf/shared/protocol/file-commit';
import { FileVersionsResponse } from '@sheaf/shared/protocol/file-versions';
import { FileCommitBatchResponse } from '@sheaf/shared/protocol/file-commit-batch';
import { CHUNK_BATCH_CONTENT_TYPE, encodeChunkBatch } from '@sheaf/shared/protocol/chunk-batch';
import { FolderContentsResponse } from '@sheaf/shared/protocol/folder-contents';
import { FolderCreateResponse } from '@sheaf/shared/protocol/folder-create';
import { registerUser, startTestRelay, type TestRelay } from '../testing/test-relay.js';
import { api } from '../testing/drive-client.js';

let t: TestRelay;
beforeAll(async () => {
  t = await startTestRelay();
});
afterAll(() => t.cleanup());

const sha = (bytes: Uint8Array): ChunkHash => ChunkHash.parse(createHash('sha256').update(bytes).digest('hex'));
const manifestOf = (chunks: Uint8Array[]) => ({
  size: chunks.reduce((n, c) => n + c.length, 0),
  chunks: chunks.map((c) => ({ hash: sha(c), size: c.length })),
});

describe('POST /api/v1/files/commit', () => {
  it('creates a file, adds versions by name, and serves the bytes', async () => {
    const user = await registerUser(t.url);
    const rest = api(t.url, user.token);
    const put = async (bytes: Uint8Array): Promise<void> => {
      const res = await fetch(`${t.url}/api/v1/chunks/${sha(bytes)}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/octet-stream' },
        body: bytes,
      });
      expect(res.status).toBe(200);
    };
    const one = [new Uint8Array(randomBytes(700)), new Uint8Array(randomBytes(300))];
    const two = [new Uint8Array(randomBytes(500))];
    for (const c of [...one, ...two]) await put(c);

    const first = await rest.call('POST', '/api/v1/files/commit', { name: 'report.pdf', manifest: manifestOf(one) });
    expect(first.status).toBe(201);
    const created = FileCommitResponse.parse(first.json);
    expect(created).toMatchObject({ name: 'report.pdf', size: 1000, version: 1 });

    const again = FileCommitResponse.parse(
      (await rest.call('POST', '/api/v1/files/commit', { name: 'REPORT.pdf', manifest: manifestOf(two) })).json,
    );
    expect(again).toMatchObject({ fileId: created.fileId, version: 2, size: 500 });
    // The same bytes once more: nothing new to record.
    const same = FileCommitResponse.parse(
      (await rest.call('POST', '/api/v1/files/commit', { name: 'report.pdf', manifest: manifestOf(two) })).json,
    );
    expect(same).toMatchObject({ fileId: created.fileId, version: 2, versionId: again.versionId });

    const versions = await rest.ok(FileVersionsResponse, 'GET', `/api/v1/files/${created.fileId}/versions`);
    expect(versions.versions.map((v) => [v.size, v.mediaType])).toEqual([
      [1000, 'application/pdf'],
      [500, 'application/pdf'],
    ]);
    const bytes = await fetch(`${t.url}/api/v1/files/${created.fileId}/download`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(Buffer.from(await bytes.arrayBuffer())).toEqual(Buffer.concat(two));
  });

  it('refuses chunks not uploaded, sizes that do not add up, and bad names', async () => {
    const user = await registerUser(t.url);
    const rest = api(t.url, user.token);
    const kind = async (body: unknown): Promise<[number, string]> => {
      const res = await rest.call('POST', '/api/v1/files/commit', body);
      return [res.status, ErrorBody.parse(res.json).error.kind];
    };
    const never = manifestOf([new Uint8Array(randomBytes(10))]);
    expect(await kind({ name: 'a.bin', manifest: never })).toEqual([409, 'conflict']);
    expect(await kind({ name: 'a.bin', manifest: { ...never, size: 11 } })).toEqual([400, 'bad_request']);
    expect(await kind({ name: 'CON', manifest: { size: 0, chunks: [] } })).toEqual([400, 'bad_request']);
    expect(
      await kind({ name: 'a.bin', manifest: { size: 0, chunks: [] }, parentFolderId: `fo_${'0'.repeat(32)}` }),
    ).toEqual([404, 'not_found']);
    const listed = await rest.call('GET', '/api/v1/folders/root/contents');
    expect(JSON.stringify(listed.json)).not.toContain('a.bin');
  });
});

describe('POST /api/v1/files/commit-batch', () => {
  const uploadAll = async (token: string, chunks: Uint8Array[]): Promise<void> => {
    const res = await fetch(`${t.url}/api/v1/chunks/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': CHUNK_BATCH_CONTENT_TYPE },
      body: Buffer.concat(encodeChunkBatch(chunks.map((bytes) => ({ hash: sha(bytes), bytes })))),
    });
    expect(res.status).toBe(200);
  };

  it('records many files in one request, a version where the name exists, each answered in order', async () => {
    const user = await registerUser(t.url);
    const rest = api(t.url, user.token);
    const folder = await rest.ok(FolderCreateResponse, 'POST', '/api/v1/folders', { name: 'Photos' });
    const contents = Array.from({ length: 300 }, () => new Uint8Array(randomBytes(64)));
    await uploadAll(user.token, contents);
    const existing = await rest.ok(FileCommitResponse, 'POST', '/api/v1/files/commit', {
      parentFolderId: folder.folderId,
      name: 'IMG-0000.jpg',
      manifest: manifestOf([contents[299] ?? new Uint8Array()]),
    });
    const files = contents.map((bytes, i) => ({
      name: `img-${String(i).padStart(4, '0')}.jpg`,
      manifest: manifestOf([bytes]),
    }));
    // A name twice in one batch: the second is a version of the first, as two commits in a row.
    const twice = { name: 'notes.txt', manifest: manifestOf([contents[1] ?? new Uint8Array()]) };
    const answer = await rest.call('POST', '/api/v1/files/commit-batch', {
      parentFolderId: folder.folderId,
      files: [...files, { ...twice, manifest: manifestOf([contents[0] ?? new Uint8Array()]) }, twice],
    });
    expect(answer.status).toBe(200);
    const results = FileCommitBatchResponse.parse(answer.json).files.map((r) => FileCommitResponse.parse(r));
    expect(results).toHaveLength(302);
    expect(results[0]).toMatchObject({ fileId: existing.fileId, name: 'IMG-0000.jpg', version: 2, size: 64 });
    expect(results.slice(1, 300).every((r) => r.version === 1 && r.size === 64)).toBe(true);
    expect(new Set(results.slice(0, 300).map((r) => r.fileId)).size).toBe(300);
    expect(results[300]).toMatchObject({ name: 'notes.txt', version: 1 });
    expect(results[301]).toMatchObject({ fileId: results[300]?.fileId, version: 2 });

    const listed = await rest.ok(
      FolderContentsResponse,
      'GET',
      `/api/v1/folders/${folder.folderId}/contents?limit=1000`,
    );
    // 300 files (the first one a version of the file already there) and notes.txt.
    expect(listed.totalCount).toBe(301);
    const bytes = await fetch(`${t.url}/api/v1/files/${results[5]?.fileId ?? ''}/download`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(new Uint8Array(await bytes.arrayBuffer())).toStrictEqual(contents[5]);
  });

  it('answers a file that cannot be recorded on its own and records the others', async () => {
    const user = await registerUser(t.url);
    const rest = api(t.url, user.token);
    const good = new Uint8Array(randomBytes(100));
    await uploadAll(user.token, [good]);
    const answer = await rest.call('POST', '/api/v1/files/commit-batch', {
      files: [
        { name: 'ok-1.bin', manifest: manifestOf([good]) },
        { name: 'never.bin', manifest: manifestOf([new Uint8Array(randomBytes(10))]) },
        { name: 'CON', manifest: manifestOf([good]) },
        { name: 'sizes.bin', manifest: { ...manifestOf([good]), size: 99 } },
        { name: 'ok-2.bin', manifest: manifestOf([good]) },
      ],
    });
    expect(answer.status).toBe(200);
    const results = FileCommitBatchResponse.parse(answer.json).files;
    const kinds = results.map((r) => ('error' in r ? r.error.kind : r.name));
    expect(kinds).toEqual(['ok-1.bin', 'conflict', 'bad_request', 'bad_request', 'ok-2.bin']);
    const listed = JSON.stringify((await rest.call('GET', '/api/v1/folders/root/contents')).json);
    expect(listed).toContain('ok-2.bin');
    expect(listed).not.toContain('never.bin');
  });

  it('fails as a whole for a folder that does not exist, an empty or an oversized batch', async () => {
    const user = await registerUser(t.url);
    const rest = api(t.url, user.token);
    const empty = { name: 'a.bin', manifest: { size: 0, chunks: [] } };
    const missingFolder = await rest.call('POST', '/api/v1/files/commit-batch', {
      parentFolderId: `fo_${'0'.repeat(32)}`,
      files: [empty],
    });
    expect([missingFolder.status, ErrorBody.parse(missingFolder.json).error.kind]).toEqual([404, 'not_found']);
    expect((await rest.call('POST', '/api/v1/files/commit-batch', { files: [] })).status).toBe(400);
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ ...empty, name: `f${i}` }));
    expect((await rest.call('POST', '/api/v1/files/commit-batch', { files: tooMany })).status).toBe(400);
    expect(JSON.stringify((await rest.call('GET', '/api/v1/folders/root/contents')).json)).not.toContain('a.bin');
  });
});
