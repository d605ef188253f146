// The storage quota over real HTTP: usage is the drive's logical size, and every way of adding bytes
// refuses with 507 before the bytes are sent once they would not fit.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@sheaf/shared/protocol/error-kind';
import { FileUploadResponse } from '@sheaf/shared/protocol/file-upload';
import { StorageUsageResponse } from '@sheaf/shared/protocol/storage-usage';
import { registerUser, startTestRelay, type TestRelay } from '../testing/test-relay.js';
import { api } from '../testing/drive-client.js';

const QUOTA = 10_000;
let t: TestRelay;
beforeAll(async () => {
  t = await startTestRelay({ env: { QUOTA_GIB: String(QUOTA / 1024 ** 3) } });
});
afterAll(() => t.cleanup());

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('storage quota', () => {
  it('counts the drive, refuses what would pass the quota, and still counts what is in the trash', async () => {
    const user = await registerUser(t.url);
    const rest = api(t.url, user.token);
    const upload = async (bytes: Uint8Array, name: string): Promise<Response> => {
      const body = new FormData();
      body.set('file', new Blob([bytes]), name);
      return fetch(`${t.url}/api/v1/files/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${user.token}` },
        body,
      });
    };
    const expect507 = async (res: Response | { status: number; json: unknown }): Promise<string> => {
      const json: unknown = res instanceof Response ? await res.json() : res.json;
      expect(res.status).toBe(507);
      const { error } = ErrorBody.parse(json);
      expect(error.kind).toBe('quota_exceeded');
      return error.message;
    };

    const first = await upload(new Uint8Array(randomBytes(6_000)), 'first.bin');
    expect(first.status).toBe(201);
    const { fileId } = FileUploadResponse.parse(await first.json());
    expect(await rest.ok(StorageUsageResponse, 'GET', '/api/v1/storage')).toEqual({
      usedBytes: 6_000,
      quotaBytes: QUOTA,
    });

    const more = new Uint8Array(randomBytes(5_000));
    const message = await expect507(
      await rest.call('POST', '/api/v1/chunks/missing', { hashes: [sha(more)], uploadBytes: more.length }),
    );
    expect(message).toMatch(/Empty the trash/);
    await expect507(await upload(more, 'second.bin'));
    await expect507(
      await rest.call('POST', '/api/v1/files/commit', {
        name: 'second.bin',
        manifest: { size: 5_000, chunks: [{ hash: sha(more), size: 5_000 }] },
      }),
    );

    expect((await rest.call('DELETE', `/api/v1/files/${fileId}`)).status).toBe(200);
    // In the trash it still counts.
    expect((await rest.ok(StorageUsageResponse, 'GET', '/api/v1/storage')).usedBytes).toBe(6_000);
    await expect507(await upload(more, 'second.bin'));
  });
});
