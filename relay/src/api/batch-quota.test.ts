// The storage quota on the batched paths: a commit batch that would pass the quota records nothing,
// and a chunk batch from a drive already at its quota is refused before its bytes are read.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunkHash } from '@sheaf/shared/ids';
import { CHUNK_BATCH_CONTENT_TYPE, encodeChunkBatch } from '@sheaf/shared/protocol/chunk-batch';
import { ErrorBody } from '@sheaf/shared/protocol/error-kind';
import { FileCommitBatchResponse } from '@sheaf/shared/protocol/file-commit-batch';
import { USAGE_MAX_AGE_MS } from '../drive/usage.js';
import { registerUser, startTestRelay, type TestRelay } from '../testing/test-relay.js';
import { api } from '../testing/drive-client.js';

const QUOTA = 10_000;
/** Moved past the usage cache's age when a test needs a fresh count. */
let skew = 0;
let t: TestRelay;
beforeAll(async () => {
  t = await startTestRelay({
    env: { QUOTA_GIB: String(QUOTA / 1024 ** 3) },
    clock: { now: () => Date.now() + skew },
  });
});
afterAll(() => t.cleanup());

const sha = (bytes: Uint8Array): ChunkHash => ChunkHash.parse(createHash('sha256').update(bytes).digest('hex'));
const postBatch = (token: string, chunks: Uint8Array[]): Promise<Response> =>
  fetch(`${t.url}/api/v1/chunks/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': CHUNK_BATCH_CONTENT_TYPE },
    body: Buffer.concat(encodeChunkBatch(chunks.map((bytes) => ({ hash: sha(bytes), bytes })))),
  });
const fileOf = (name: string, bytes: Uint8Array) => ({
  name,
  manifest: { size: bytes.byteLength, chunks: [{ hash: sha(bytes), size: bytes.byteLength }] },
});

describe('quota on the batched paths', () => {
  it('refuses a commit batch that would pass the quota as a whole, then a chunk batch once it is full', async () => {
    const user = await registerUser(t.url);
    const rest = api(t.url, user.token);
    const halves = [new Uint8Array(randomBytes(5000)), new Uint8Array(randomBytes(5000))];
    const more = new Uint8Array(randomBytes(1));
    expect((await postBatch(user.token, [...halves, more])).status).toBe(200);

    const over = await rest.call('POST', '/api/v1/files/commit-batch', {
      files: [fileOf('a.bin', halves[0] ?? more), fileOf('b.bin', halves[1] ?? more), fileOf('c.bin', more)],
    });
    expect(over.status).toBe(507);
    expect(ErrorBody.parse(over.json).error.kind).toBe('quota_exceeded');
    expect(JSON.stringify((await rest.call('GET', '/api/v1/folders/root/contents')).json)).not.toContain('a.bin');

    const exactly = await rest.call('POST', '/api/v1/files/commit-batch', {
      files: [fileOf('a.bin', halves[0] ?? more), fileOf('b.bin', halves[1] ?? more)],
    });
    expect(exactly.status).toBe(200);
    expect(FileCommitBatchResponse.parse(exactly.json).files.every((f) => !('error' in f))).toBe(true);

    skew += USAGE_MAX_AGE_MS + 1000;
    const full = await postBatch(user.token, [new Uint8Array(randomBytes(10))]);
    expect(full.status).toBe(507);
    expect(ErrorBody.parse(await full.json()).error.kind).toBe('quota_exceeded');
  });
});
