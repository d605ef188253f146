// The relay over real HTTP: error shapes, accounts, chunks and the API description.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@sheaf/shared/protocol/error-kind';
import { LoginResponse } from '@sheaf/shared/protocol/auth-login';
import { ChunkPutResponse } from '@sheaf/shared/protocol/chunk-put';
import { ChunksMissingResponse } from '@sheaf/shared/protocol/chunks-missing';
import { HealthResponse } from '@sheaf/shared/protocol/health';
import { registerUser, startTestRelay, type TestRelay } from './testing/test-relay.js';

let t: TestRelay;
beforeAll(async () => {
  t = await startTestRelay();
});
afterAll(async () => {
  await t.cleanup();
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const expectError = async (res: Response, status: number, kind: string): Promise<void> => {
  expect(res.status).toBe(status);
  const body = ErrorBody.parse(await res.json());
  expect(body.error.kind).toBe(kind);
};

describe('errors', () => {
  it('answers health', async () => {
    const res = await fetch(`${t.url}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(HealthResponse.parse(await res.json()).status).toBe('ok');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('keeps idle connections longer than clients keep theirs, and lets a long upload take its time', async () => {
    const res = await fetch(`${t.url}/api/v1/health`);
    await res.body?.cancel();
    // Node's 5 s default raced clients reusing a connection as the relay closed it.
    expect(res.headers.get('keep-alive')).toBe('timeout=65');
    expect(t.relay.server.requestTimeout).toBe(0);
  });

  it('answers an unknown route with a JSON 404', async () => {
    await expectError(await fetch(`${t.url}/api/v1/nothing-here`), 404, 'not_found');
  });

  it('answers a wrong method with 405', async () => {
    await expectError(await fetch(`${t.url}/api/v1/health`, { method: 'DELETE' }), 405, 'method_not_allowed');
  });

  it('answers malformed JSON with 400', async () => {
    const res = await fetch(`${t.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": ',
    });
    await expectError(res, 400, 'bad_request');
  });

  it('names the wrong field of an invalid body', async () => {
    const res = await fetch(`${t.url}/api/v1/auth/register`, json({ email: 'not-an-email', password: 'x', name: '' }));
    expect(res.status).toBe(400);
    const body = ErrorBody.parse(await res.json());
    expect(body.error.details?.map((d) => d.path).sort()).toEqual(['email', 'name', 'password']);
  });

  it('answers a body over the limit with 413', async () => {
    const big = JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(2 * 1024 * 1024), name: 'n' });
    const res = await fetch(`${t.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    await expectError(res, 413, 'payload_too_large');
  });

  it('answers an outdated client with protocol_outdated', async () => {
    await expectError(
      await fetch(`${t.url}/api/v1/health`, { headers: { 'sheaf-protocol': '0' } }),
      426,
      'protocol_outdated',
    );
  });

  it('keeps serving after bad requests', async () => {
    expect((await fetch(`${t.url}/api/v1/health`)).status).toBe(200);
  });
});

describe('accounts', () => {
  it('registers, refuses a second account with the same email, and signs in', async () => {
    const user = await registerUser(t.url);
    expect(user.driveUrl).toMatch(/^automerge:/);
    await expectError(
      await fetch(
        `${t.url}/api/v1/auth/register`,
        json({ email: user.email, password: 'another password', name: 'x' }),
      ),
      409,
      'conflict',
    );
    const login = await fetch(`${t.url}/api/v1/auth/login`, json({ email: user.email, password: user.password }));
    expect(login.status).toBe(200);
    const body = LoginResponse.parse(await login.json());
    expect(body.userId).toBe(user.userId);
    expect(body.driveUrl).toBe(user.driveUrl);
    expect(body.name).toBe('Test User');
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const user = await registerUser(t.url);
    const wrong = await fetch(`${t.url}/api/v1/auth/login`, json({ email: user.email, password: 'wrong password' }));
    const unknown = await fetch(
      `${t.url}/api/v1/auth/login`,
      json({ email: 'nobody@example.test', password: 'whatever1' }),
    );
    const a = ErrorBody.parse(await wrong.json());
    const b = ErrorBody.parse(await unknown.json());
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(a).toEqual(b);
  });

  it('stops accepting a token after logout', async () => {
    const user = await registerUser(t.url);
    const auth = { authorization: `Bearer ${user.token}` };
    expect((await fetch(`${t.url}/api/v1/auth/logout`, { method: 'POST', headers: auth })).status).toBe(200);
    await expectError(
      await fetch(`${t.url}/api/v1/auth/logout`, { method: 'POST', headers: auth }),
      401,
      'unauthorized',
    );
  });
});

describe('chunks', () => {
  const put = (token: string, hash: string, bytes: Uint8Array): Promise<Response> =>
    fetch(`${t.url}/api/v1/chunks/${hash}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: bytes,
    });

  it('refuses a caller without a token', async () => {
    const bytes = randomBytes(10);
    await expectError(await put('nonsense', sha256(bytes), bytes), 401, 'unauthorized');
  });

  it('stores, deduplicates and serves a chunk, and tells each user only what they lack', async () => {
    const alice = await registerUser(t.url);
    const bob = await registerUser(t.url);
    const bytes = randomBytes(300_000);
    const hash = sha256(bytes);

    const missingBefore = await fetch(`${t.url}/api/v1/chunks/missing`, {
      ...json({ hashes: [hash] }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.token}` },
    });
    expect(ChunksMissingResponse.parse(await missingBefore.json()).missing).toEqual([hash]);

    const first = ChunkPutResponse.parse(await (await put(alice.token, hash, bytes)).json());
    expect(first).toEqual({ hash, size: bytes.length, stored: true });
    const again = ChunkPutResponse.parse(await (await put(alice.token, hash, bytes)).json());
    expect(again.stored).toBe(false);

    const got = await fetch(`${t.url}/api/v1/chunks/${hash}`, { headers: { authorization: `Bearer ${alice.token}` } });
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe(`"${hash}"`);
    expect(sha256(new Uint8Array(await got.arrayBuffer()))).toBe(hash);
    const part = await fetch(`${t.url}/api/v1/chunks/${hash}`, {
      headers: { authorization: `Bearer ${alice.token}`, range: 'bytes=3-' },
    });
    expect([part.status, part.headers.get('content-range')]).toEqual([
      206,
      `bytes 3-${bytes.length - 1}/${bytes.length}`,
    ]);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(Buffer.from(bytes.subarray(3)));

    // Bob has not uploaded it: he cannot read it, and `missing` does not reveal that Alice holds it.
    await expectError(
      await fetch(`${t.url}/api/v1/chunks/${hash}`, { headers: { authorization: `Bearer ${bob.token}` } }),
      404,
      'not_found',
    );
    const bobMissing = await fetch(`${t.url}/api/v1/chunks/missing`, {
      ...json({ hashes: [hash] }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bob.token}` },
    });
    expect(ChunksMissingResponse.parse(await bobMissing.json()).missing).toEqual([hash]);
  });

  it('rejects bytes that do not match their address and stores nothing', async () => {
    const user = await registerUser(t.url);
    const bytes = randomBytes(1000);
    const wrongHash = sha256(randomBytes(1000));
    await expectError(await put(user.token, wrongHash, bytes), 422, 'hash_mismatch');
    await expectError(
      await fetch(`${t.url}/api/v1/chunks/${wrongHash}`, { headers: { authorization: `Bearer ${user.token}` } }),
      404,
      'not_found',
    );
  });

  it('rejects a chunk over 4 MiB with 413', async () => {
    const user = await registerUser(t.url);
    const bytes = new Uint8Array(4 * 1024 * 1024 + 1);
    await expectError(await put(user.token, sha256(bytes), bytes), 413, 'payload_too_large');
  });

  it('rejects an over-size chunk sent without a length (chunked) with 413, and keeps serving', async () => {
    const user = await registerUser(t.url);
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${t.url}/api/v1/chunks/${sha256(new Uint8Array(1))}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/octet-stream' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const piece = new Uint8Array(256 * 1024);
      let sent = 0;
      const pump = (): void => {
        while (sent <= 4 * 1024 * 1024) {
          sent += piece.length;
          if (!req.write(piece)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect((await fetch(`${t.url}/api/v1/health`)).status).toBe(200);
  });

  it('rejects a malformed hash with 400', async () => {
    const user = await registerUser(t.url);
    await expectError(await put(user.token, 'ABC', new Uint8Array(1)), 400, 'bad_request');
  });
});

describe('openapi', () => {
  it('describes every mounted route from the same schemas', async () => {
    const res = await fetch(`${t.url}/api/v1/openapi.json`);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths['/api/v1/chunks/{sha256}'] ?? {}).sort()).toEqual(['get', 'put']);
    expect(Object.keys(doc.paths['/api/v1/files/{fileId}'] ?? {}).sort()).toEqual(['delete', 'put']);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/audit',
      '/api/v1/auth/login',
      '/api/v1/auth/logout',
      '/api/v1/auth/refresh',
      '/api/v1/auth/register',
      '/api/v1/chunks/batch',
      '/api/v1/chunks/missing',
      '/api/v1/chunks/{sha256}',
      '/api/v1/devices',
      '/api/v1/devices/{deviceId}',
      '/api/v1/files/commit',
      '/api/v1/files/commit-batch',
      '/api/v1/files/upload',
      '/api/v1/files/{fileId}',
      '/api/v1/files/{fileId}/download',
      '/api/v1/files/{fileId}/metadata',
      '/api/v1/files/{fileId}/restore',
      '/api/v1/files/{fileId}/versions',
      '/api/v1/folders',
      '/api/v1/folders/{folderId}/contents',
      '/api/v1/health',
      '/api/v1/openapi.json',
      '/api/v1/storage',
      '/api/v1/sync/acknowledge',
      '/api/v1/sync/changes',
      '/api/v1/sync/register-device',
    ]);
  });
});
