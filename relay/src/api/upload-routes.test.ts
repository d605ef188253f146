// The seed's one-request upload over real HTTP: the relay chunks the stream itself, dedupes, checks
// the declared checksum and size, and on a mismatch keeps nothing.
import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@sheaf/shared/protocol/error-kind';
import { FileUploadResponse } from '@sheaf/shared/protocol/file-upload';
import { FileVersionsResponse } from '@sheaf/shared/protocol/file-versions';
import { registerUser, startTestRelay, type TestRelay } from '../testing/test-relay.js';
import { api, eventually, openDriveClient } from '../testing/drive-client.js';

let t: TestRelay;
beforeAll(async () => {
  t = await startTestRelay();
});
afterAll(() => t.cleanup());

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Every blob file in the store (the fan-out folders, not the temp folder). */
async function blobCount(): Promise<number> {
  const entries = await readdir(join(t.dataDir, 'blobs'), { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name)).length;
}

function form(bytes: Uint8Array, filename: string, metadata?: unknown, parentFolderId?: string): FormData {
  const body = new FormData();
  if (parentFolderId !== undefined) body.set('parentFolderId', parentFolderId);
  if (metadata !== undefined) body.set('metadata', JSON.stringify(metadata));
  body.set('file', new Blob([bytes], { type: 'application/octet-stream' }), filename);
  return body;
}

const upload = (token: string, body: FormData | string): Promise<Response> =>
  fetch(`${t.url}/api/v1/files/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body });

describe('POST /api/v1/files/upload', () => {
  it('chunks the stream, records the file, and serves the same bytes back', async () => {
    const user = await registerUser(t.url);
    const bytes = new Uint8Array(randomBytes(9 * 1024 * 1024));
    const res = await upload(
      user.token,
      form(bytes, 'video.mp4', { name: 'holiday.mp4', size: bytes.length, checksum: `sha256:${sha256(bytes)}` }),
    );
    expect(res.status).toBe(201);
    const made = FileUploadResponse.parse(await res.json());
    expect(made).toMatchObject({ name: 'holiday.mp4', size: bytes.length });

    const rest = api(t.url, user.token);
    const versions = await rest.ok(FileVersionsResponse, 'GET', `/api/v1/files/${made.fileId}/versions`);
    expect(versions.versions[0]?.mediaType).toBe('video/mp4');
    const back = await fetch(`${t.url}/api/v1/files/${made.fileId}/download`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(sha256(new Uint8Array(await back.arrayBuffer()))).toBe(sha256(bytes));
    // The checksum the relay computed is in the version's manifest, for any device to check against.
    const device = await openDriveClient(t.url, user, 'checker');
    try {
      const file = await eventually(() => {
        device.catchUp();
        return device.replica.tree().nodes.get(made.fileId);
      });
      expect(file.content?.manifest.sha256).toBe(sha256(bytes));
    } finally {
      await device.close();
    }

    // Another user uploading the same bytes stores no new chunk.
    const before = await blobCount();
    const other = await registerUser(t.url);
    expect((await upload(other.token, form(bytes, 'copy.mp4'))).status).toBe(201);
    expect(await blobCount()).toBe(before);

    // The same name again is a new version of the same file.
    const edited = new Uint8Array(bytes);
    edited[5_000_000] = (edited[5_000_000] ?? 0) ^ 0xff;
    const again = FileUploadResponse.parse(await (await upload(user.token, form(edited, 'holiday.mp4'))).json());
    expect(again.fileId).toBe(made.fileId);
    const after = await rest.ok(FileVersionsResponse, 'GET', `/api/v1/files/${made.fileId}/versions`);
    expect(after.versions).toHaveLength(2);
  });

  it('refuses a wrong checksum or size and keeps none of the bytes', async () => {
    const user = await registerUser(t.url);
    const bytes = new Uint8Array(randomBytes(3 * 1024 * 1024));
    const before = await blobCount();
    const bad = await upload(user.token, form(bytes, 'a.bin', { checksum: sha256(new Uint8Array(1)) }));
    expect(bad.status).toBe(422);
    expect(ErrorBody.parse(await bad.json()).error.kind).toBe('hash_mismatch');
    const short = await upload(user.token, form(bytes, 'a.bin', { size: 10 }));
    expect(short.status).toBe(400);
    expect(await blobCount()).toBe(before);
    const listed = await api(t.url, user.token).call('GET', '/api/v1/folders/root/contents');
    expect(JSON.stringify(listed.json)).not.toContain('a.bin');
  });

  it('refuses what is not a form with a file, and bad names or folders', async () => {
    const user = await registerUser(t.url);
    const kind = async (res: Promise<Response>): Promise<[number, string]> => {
      const r = await res;
      return [r.status, ErrorBody.parse(await r.json()).error.kind];
    };
    expect(await kind(upload(user.token, 'just text'))).toEqual([415, 'unsupported_media_type']);
    const noFile = new FormData();
    noFile.set('metadata', '{}');
    expect(await kind(upload(user.token, noFile))).toEqual([400, 'bad_request']);
    const one = new Uint8Array([1, 2, 3]);
    expect(await kind(upload(user.token, form(one, 'x.bin', { name: 'CON' })))).toEqual([400, 'bad_request']);
    expect(await kind(upload(user.token, form(one, 'x.bin', 'not an object')))).toEqual([400, 'bad_request']);
    expect(await kind(upload(user.token, form(one, 'x.bin', undefined, `fo_${'0'.repeat(32)}`)))).toEqual([
      404,
      'not_found',
    ]);
  });
});
