// Committing uploaded chunks as a file over real HTTP: a new file, then versions of it by name, and
// refusals that leave the drive untouched.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunkHash } from '@sheaf/shared/ids';
import { ErrorBody } from '@sheaf/shared/protocol/error-kind';
import { FileCommitResponse } from '@sheaf/shared/protocol/file-commit';
import { FileVersionsResponse } from '@sheaf/shared/protocol/file-versions';
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
