// POST /api/v1/chunks/batch over real HTTP with the real filesystem store: a batch is stored whole,
// refused whole, bounded, and follows the single PUT's rules on who holds a chunk.
import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunkHash } from '@sheaf/shared/ids';
import {
  CHUNK_BATCH_CONTENT_TYPE,
  ChunkBatchResponse,
  encodeChunkBatch,
  frameHeader,
  MAX_BATCH_BYTES,
  MAX_CHUNK_BYTES,
} from '@sheaf/shared/protocol/chunk-batch';
import { ChunksMissingResponse } from '@sheaf/shared/protocol/chunks-missing';
import { ErrorBody } from '@sheaf/shared/protocol/error-kind';
import { registerUser, startTestRelay, type TestRelay } from '../testing/test-relay.js';
import { api } from '../testing/drive-client.js';

let t: TestRelay;
beforeAll(async () => {
  t = await startTestRelay();
});
afterAll(() => t.cleanup());

const sha = (bytes: Uint8Array): ChunkHash => ChunkHash.parse(createHash('sha256').update(bytes).digest('hex'));
const chunk = (size: number): { hash: ChunkHash; bytes: Uint8Array } => {
  const bytes = new Uint8Array(randomBytes(size));
  return { hash: sha(bytes), bytes };
};

const postBatch = (token: string, body: Uint8Array): Promise<Response> =>
  fetch(`${t.url}/api/v1/chunks/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': CHUNK_BATCH_CONTENT_TYPE },
    body,
  });

const batchBody = (chunks: ReadonlyArray<{ hash: ChunkHash; bytes: Uint8Array }>): Uint8Array =>
  new Uint8Array(Buffer.concat(encodeChunkBatch(chunks)));

async function expectError(res: Response, status: number, kind: string): Promise<string> {
  expect(res.status).toBe(status);
  const { error } = ErrorBody.parse(await res.json());
  expect(error.kind).toBe(kind);
  return error.message;
}

const missing = async (token: string, hashes: ChunkHash[]): Promise<string[]> =>
  (await api(t.url, token).ok(ChunksMissingResponse, 'POST', '/api/v1/chunks/missing', { hashes })).missing;

/** The packs (where batches are stored) and the temp files of the store. */
async function onDisk(): Promise<{ packs: string[]; temps: string[] }> {
  const root = join(t.dataDir, 'blobs');
  return { packs: await readdir(join(root, 'packs')), temps: await readdir(join(root, 'tmp')) };
}

describe('POST /api/v1/chunks/batch', () => {
  it('stores every chunk of a batch, answers each in order, and makes the caller a holder', async () => {
    const user = await registerUser(t.url);
    const chunks = [chunk(4096), chunk(1), chunk(0), chunk(70_000), chunk(4096)];
    const first = chunks[0];
    if (first === undefined) throw new Error('no chunk');
    const res = await postBatch(user.token, batchBody([...chunks, first]));
    expect(res.status).toBe(200);
    expect(ChunkBatchResponse.parse(await res.json()).chunks).toStrictEqual([
      ...chunks.map((c) => ({ hash: c.hash, size: c.bytes.byteLength, stored: true })),
      { hash: first.hash, size: 4096, stored: false },
    ]);
    expect(
      await missing(
        user.token,
        chunks.map((c) => c.hash),
      ),
    ).toEqual([]);
    for (const c of chunks) {
      const got = await fetch(`${t.url}/api/v1/chunks/${c.hash}`, {
        headers: { authorization: `Bearer ${user.token}` },
      });
      expect(new Uint8Array(await got.arrayBuffer())).toStrictEqual(c.bytes);
    }
    const again = await postBatch(user.token, batchBody(chunks));
    expect(ChunkBatchResponse.parse(await again.json()).chunks.map((c) => c.stored)).toEqual(chunks.map(() => false));
    expect((await onDisk()).temps).toEqual([]);
  });

  it('accepts an empty batch', async () => {
    const user = await registerUser(t.url);
    const res = await postBatch(user.token, new Uint8Array(0));
    expect(res.status).toBe(200);
    expect(await res.json()).toStrictEqual({ chunks: [] });
  });

  it('refuses a batch with one chunk that does not match its hash, storing none of it', async () => {
    const user = await registerUser(t.url);
    const good = [chunk(4096), chunk(5000)];
    const bad = { hash: chunk(100).hash, bytes: new Uint8Array(randomBytes(100)) };
    const before = await onDisk();
    const message = await expectError(
      await postBatch(user.token, batchBody([...good, bad, chunk(10)])),
      422,
      'hash_mismatch',
    );
    expect(message).toContain(bad.hash);
    expect(
      await missing(
        user.token,
        [...good, bad].map((c) => c.hash),
      ),
    ).toEqual([...good, bad].map((c) => c.hash));
    expect(await onDisk()).toStrictEqual({ packs: before.packs, temps: [] });
  });

  it('answers 413 to a body declared over the limit and to a chunk over 4 MiB, before reading them', async () => {
    const user = await registerUser(t.url);
    // A declared length over the limit, with almost none of the body sent: answered at once.
    const declared = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${t.url}/api/v1/chunks/batch`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${user.token}`,
          'content-type': CHUNK_BATCH_CONTENT_TYPE,
          'content-length': MAX_BATCH_BYTES + 1,
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode);
        req.destroy();
      });
      req.on('error', reject);
      req.write(new Uint8Array(100));
    });
    expect(declared).toBe(413);
    const huge = frameHeader(chunk(1).hash, MAX_CHUNK_BYTES + 1);
    await expectError(await postBatch(user.token, huge), 413, 'payload_too_large');
    const tooMany = batchBody(
      Array.from({ length: 4097 }, () => ({ hash: sha(new Uint8Array(0)), bytes: new Uint8Array(0) })),
    );
    await expectError(await postBatch(user.token, tooMany), 413, 'payload_too_large');
    expect(await missing(user.token, [sha(new Uint8Array(0))])).toEqual([sha(new Uint8Array(0))]);
  });

  it('answers 400 to a body that ends inside a chunk, storing nothing', async () => {
    const user = await registerUser(t.url);
    const whole = chunk(1000);
    const body = batchBody([chunk(10), whole]);
    await expectError(await postBatch(user.token, body.subarray(0, body.byteLength - 1)), 400, 'bad_request');
    expect(await missing(user.token, [whole.hash])).toEqual([whole.hash]);
  });

  it("does not let a batch claim another user's chunk without its bytes", async () => {
    const alice = await registerUser(t.url);
    const bob = await registerUser(t.url);
    const secret = chunk(4096);
    expect((await postBatch(alice.token, batchBody([secret]))).status).toBe(200);
    const forged = { hash: secret.hash, bytes: new Uint8Array(4096) };
    await expectError(await postBatch(bob.token, batchBody([chunk(10), forged])), 422, 'hash_mismatch');
    const read = await fetch(`${t.url}/api/v1/chunks/${secret.hash}`, {
      headers: { authorization: `Bearer ${bob.token}` },
    });
    expect(read.status).toBe(404);
    expect(await missing(bob.token, [secret.hash])).toEqual([secret.hash]);
    // With the bytes themselves, as with a PUT: the relay stores nothing new, and Bob now holds it.
    const honest = await postBatch(bob.token, batchBody([secret]));
    expect(ChunkBatchResponse.parse(await honest.json()).chunks).toStrictEqual([
      { hash: secret.hash, size: 4096, stored: false },
    ]);
    expect(await missing(bob.token, [secret.hash])).toEqual([]);
  });
});
