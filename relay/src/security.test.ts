// The security suite: every route the relay describes in its OpenAPI document, and /sync, probed the
// way an attacker would. The table below must name every route the relay serves (a new route fails
// the first test until it is added here with a sample request), so no door goes unchecked.
// Each route is called with no token, a tampered token, a token signed by another key, an expired
// token and a signed-out device's token (all 401); with another user's ids (403 or 404, and none of
// the owner's data in the answer); with a body over its limit (413); and with traversal in its ids.
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@sheaf/shared/protocol/error-kind';
import { FileUploadResponse } from '@sheaf/shared/protocol/file-upload';
import { FileVersionsResponse } from '@sheaf/shared/protocol/file-versions';
import { FolderCreateResponse } from '@sheaf/shared/protocol/folder-create';
import { LoginResponse } from '@sheaf/shared/protocol/auth-login';
import { DevicesResponse } from '@sheaf/shared/protocol/devices';
import { DEFAULT_JSON_LIMIT } from './http/read-body.js';
import { syncUpgradeStatus } from './testing/sync-upgrade.js';
import { registerUser, startTestRelay, type TestRelay } from './testing/test-relay.js';

/** A clock the suite moves forward to expire tokens. */
let offsetMs = 0;
const clock = { now: () => Date.now() + offsetMs };

let t: TestRelay;
beforeAll(async () => {
  // Low login limits so that brute force shows within a few attempts.
  t = await startTestRelay({ clock, env: { LOGIN_FAILURES_PER_ACCOUNT: '5', LOGIN_FAILURES_PER_IP: '50' } });
});
afterAll(() => t.cleanup());

/** What the owner made, for routes to aim at. */
type Owned = {
  readonly folderId: string;
  readonly fileId: string;
  readonly versionId: string;
  readonly chunk: string;
  /** A chunk both the owner and the stranger uploaded: a commit naming it is refused for the folder alone. */
  readonly common: string;
  readonly deviceId: string;
};

type Sample = { readonly path: string; readonly body?: string | FormData | Uint8Array; readonly type?: string };

type Probe = {
  /** A well-formed request aimed at `owned`: the owner's own resources. */
  readonly sample: (owned: Owned) => Sample;
  /**
   * 'resource': the request names the owner's things, so anyone else must get 403 or 404.
   * 'own': it acts only on the caller's own data (their storage, their devices), whoever calls.
   */
  readonly scope: 'resource' | 'own';
  /** Largest body accepted, for the 413 check; absent for routes without a bounded body. */
  readonly limit?: number;
};

/** The file the owner uploads: HTML, so that the download headers can be checked too. */
const HTML = `<!doctype html><script>alert('owner secret ${randomBytes(8).toString('hex')}')</script>`;
const COMMON = `bytes anyone may hold ${randomBytes(8).toString('hex')}`;
const SECRET_NAME = `owner-private-${randomBytes(6).toString('hex')}.html`;
const json = (value: unknown): Pick<Sample, 'body' | 'type'> => ({
  body: JSON.stringify(value),
  type: 'application/json',
});

const PUBLIC = new Set([
  'GET /api/v1/health',
  'GET /api/v1/openapi.json',
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
]);

const CHUNK_LIMIT = 4 * 1024 * 1024;

const PROBES: Record<string, Probe> = {
  'POST /api/v1/auth/logout': { scope: 'own', sample: () => ({ path: '/api/v1/auth/logout' }) },
  'GET /api/v1/devices': { scope: 'own', sample: () => ({ path: '/api/v1/devices' }) },
  'DELETE /api/v1/devices/{deviceId}': {
    scope: 'resource',
    sample: (o) => ({ path: `/api/v1/devices/${o.deviceId}` }),
  },
  'GET /api/v1/audit': { scope: 'own', sample: () => ({ path: '/api/v1/audit' }) },
  'GET /api/v1/storage': { scope: 'own', sample: () => ({ path: '/api/v1/storage' }) },
  'POST /api/v1/chunks/missing': {
    scope: 'own',
    limit: DEFAULT_JSON_LIMIT,
    sample: (o) => ({ path: '/api/v1/chunks/missing', ...json({ hashes: [o.chunk] }) }),
  },
  'PUT /api/v1/chunks/{sha256}': {
    scope: 'own',
    limit: CHUNK_LIMIT,
    sample: (o) => ({ path: `/api/v1/chunks/${o.chunk}`, body: HTML, type: 'application/octet-stream' }),
  },
  'GET /api/v1/chunks/{sha256}': { scope: 'resource', sample: (o) => ({ path: `/api/v1/chunks/${o.chunk}` }) },
  'POST /api/v1/sync/register-device': {
    scope: 'own',
    limit: DEFAULT_JSON_LIMIT,
    sample: () => ({
      path: '/api/v1/sync/register-device',
      ...json({ deviceId: 'probe-device', deviceName: 'Probe', platform: 'test' }),
    }),
  },
  'GET /api/v1/sync/changes': { scope: 'own', sample: () => ({ path: '/api/v1/sync/changes' }) },
  'POST /api/v1/sync/acknowledge': {
    scope: 'own',
    limit: DEFAULT_JSON_LIMIT,
    sample: () => ({ path: '/api/v1/sync/acknowledge', ...json({ deviceId: 'probe-device', syncedChanges: [] }) }),
  },
  'POST /api/v1/folders': {
    scope: 'resource',
    limit: DEFAULT_JSON_LIMIT,
    sample: (o) => ({ path: '/api/v1/folders', ...json({ name: 'inside', parentFolderId: o.folderId }) }),
  },
  'GET /api/v1/folders/{folderId}/contents': {
    scope: 'resource',
    sample: (o) => ({ path: `/api/v1/folders/${o.folderId}/contents` }),
  },
  'PUT /api/v1/files/{fileId}': {
    scope: 'resource',
    limit: DEFAULT_JSON_LIMIT,
    sample: (o) => ({ path: `/api/v1/files/${o.fileId}`, ...json({ name: 'renamed.html' }) }),
  },
  'DELETE /api/v1/files/{fileId}': { scope: 'resource', sample: (o) => ({ path: `/api/v1/files/${o.fileId}` }) },
  'GET /api/v1/files/{fileId}/metadata': {
    scope: 'resource',
    sample: (o) => ({ path: `/api/v1/files/${o.fileId}/metadata` }),
  },
  'GET /api/v1/files/{fileId}/versions': {
    scope: 'resource',
    sample: (o) => ({ path: `/api/v1/files/${o.fileId}/versions` }),
  },
  'POST /api/v1/files/{fileId}/restore': {
    scope: 'resource',
    limit: DEFAULT_JSON_LIMIT,
    sample: (o) => ({ path: `/api/v1/files/${o.fileId}/restore`, ...json({ versionId: o.versionId }) }),
  },
  'GET /api/v1/files/{fileId}/download': {
    scope: 'resource',
    sample: (o) => ({ path: `/api/v1/files/${o.fileId}/download` }),
  },
  'POST /api/v1/files/commit': {
    scope: 'resource',
    sample: (o) => ({
      path: '/api/v1/files/commit',
      ...json({
        parentFolderId: o.folderId,
        name: 'copy.txt',
        manifest: { size: COMMON.length, chunks: [{ hash: o.common, size: COMMON.length }] },
      }),
    }),
  },
  'POST /api/v1/files/commit-batch': {
    scope: 'resource',
    limit: 8 * 1024 * 1024,
    sample: (o) => ({
      path: '/api/v1/files/commit-batch',
      ...json({
        parentFolderId: o.folderId,
        files: [
          { name: 'batch.txt', manifest: { size: COMMON.length, chunks: [{ hash: o.common, size: COMMON.length }] } },
        ],
      }),
    }),
  },
  'POST /api/v1/chunks/batch': {
    scope: 'own',
    limit: 16 * 1024 * 1024,
    sample: (o) => {
      const bytes = Buffer.from(COMMON);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return {
        path: '/api/v1/chunks/batch',
        body: new Uint8Array(Buffer.concat([Buffer.from(o.common, 'hex'), length, bytes])),
        type: 'application/vnd.sheaf.chunk-batch',
      };
    },
  },
  'POST /api/v1/files/upload': {
    scope: 'resource',
    sample: (o) => {
      const form = new FormData();
      form.set('parentFolderId', o.folderId);
      form.set('file', new Blob([HTML]), 'again.html');
      return { path: '/api/v1/files/upload', body: form };
    },
  },
};

type OpenApi = { paths: Record<string, Record<string, { security?: unknown[] }>> };

let routes: string[] = [];
let owner: Awaited<ReturnType<typeof registerUser>>;
let owned: Owned;
let stranger: Awaited<ReturnType<typeof registerUser>>;

const call = (token: string | undefined, method: string, sample: Sample): Promise<Response> =>
  fetch(`${t.url}${sample.path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(sample.type === undefined ? {} : { 'content-type': sample.type }),
    },
    ...(sample.body === undefined ? {} : { body: sample.body }),
  });

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  const doc = (await (await fetch(`${t.url}/api/v1/openapi.json`)).json()) as OpenApi;
  routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );

  owner = await registerUser(t.url);
  stranger = await registerUser(t.url);
  const auth = { authorization: `Bearer ${owner.token}` };
  const folder = FolderCreateResponse.parse(
    await (
      await fetch(`${t.url}/api/v1/folders`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Private' }),
      })
    ).json(),
  );
  const form = new FormData();
  form.set('parentFolderId', folder.folderId);
  form.set('file', new Blob([HTML], { type: 'text/html' }), SECRET_NAME);
  const uploaded = await fetch(`${t.url}/api/v1/files/upload`, { method: 'POST', headers: auth, body: form });
  const file = FileUploadResponse.parse(await uploaded.json());
  const versions = FileVersionsResponse.parse(
    await (await fetch(`${t.url}/api/v1/files/${file.fileId}/versions`, { headers: auth })).json(),
  );
  const devices = DevicesResponse.parse(await (await fetch(`${t.url}/api/v1/devices`, { headers: auth })).json());
  for (const who of [owner, stranger]) {
    await fetch(`${t.url}/api/v1/chunks/${sha256(COMMON)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/octet-stream' },
      body: COMMON,
    });
  }
  owned = {
    folderId: folder.folderId,
    fileId: file.fileId,
    versionId: versions.versions[0]?.versionId ?? '',
    chunk: sha256(HTML),
    common: sha256(COMMON),
    deviceId: devices.devices[0]?.deviceId ?? '',
  };
});

const guarded = (): string[] => routes.filter((route) => !PUBLIC.has(route));
const probeOf = (route: string): Probe => {
  const probe = PROBES[route];
  if (probe === undefined) throw new Error(`no probe for ${route}`);
  return probe;
};
const methodOf = (route: string): string => route.split(' ')[0] ?? 'GET';

async function expectRefused(res: Response, statuses: readonly number[]): Promise<string> {
  const text = await res.text();
  expect(statuses, `${res.url} answered ${res.status}: ${text.slice(0, 200)}`).toContain(res.status);
  expect(() => ErrorBody.parse(JSON.parse(text))).not.toThrow();
  return text;
}

describe('every door', () => {
  it('has a probe for every route the relay describes, and no probe for a route it does not serve', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(guarded().filter((route) => PROBES[route] === undefined)).toEqual([]);
    expect(Object.keys(PROBES).filter((route) => !routes.includes(route))).toEqual([]);
    // The document marks exactly the public routes as needing no token.
    for (const route of PUBLIC) expect(routes).toContain(route);
  });

  it('answers 401 without a token, with a tampered token, and with a token signed by another key', async () => {
    const [head = '', payload = '', signature = ''] = owner.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    // The owner's claims with the stranger's user id, keeping the owner's signature.
    const swapped = Buffer.from(JSON.stringify({ ...claims, sub: stranger.userId })).toString('base64url');
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(randomBytes(32)));
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    const bad = [undefined, 'not-a-token', `${head}.${swapped}.${signature}`, forged, unsigned];
    for (const route of guarded()) {
      for (const token of bad) {
        await expectRefused(await call(token, methodOf(route), probeOf(route).sample(owned)), [401]);
      }
    }
  });

  it('never gives one user another user’s resources, or any of their data', async () => {
    for (const route of guarded()) {
      const probe = probeOf(route);
      if (probe.scope !== 'resource') continue;
      const text = await expectRefused(await call(stranger.token, methodOf(route), probe.sample(owned)), [403, 404]);
      expect(text).not.toContain(SECRET_NAME);
      expect(text).not.toContain('owner secret');
    }
    // The owner's file is untouched by all of that.
    const res = await fetch(`${t.url}/api/v1/files/${owned.fileId}/download`, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(await res.text()).toBe(HTML);
  });

  it('does not tell another user whether someone holds a chunk: it is missing for them until they send it', async () => {
    // A user of their own: the stranger above has sent these bytes in some of the probes.
    const third = await registerUser(t.url);
    const res = await call(third.token, 'POST', PROBES['POST /api/v1/chunks/missing']!.sample(owned));
    expect(await res.json()).toEqual({ missing: [owned.chunk] });
  });

  it('answers 413 to a body over each route’s limit, without reading it all', async () => {
    for (const route of guarded()) {
      const probe = probeOf(route);
      if (probe.limit === undefined) continue;
      const sample = probe.sample(owned);
      const over = { ...sample, body: 'x'.repeat(probe.limit + 1) };
      await expectRefused(await call(owner.token, methodOf(route), over), [413]);
    }
  });

  it('refuses traversal and malformed ids in every path parameter with 400 or 404, never 500', async () => {
    const hostile = [
      '..',
      '..%2F..%2Fetc%2Fpasswd',
      '%2e%2e%2f%2e%2e%2fsheaf.sqlite',
      'root%00',
      'f_' + 'a'.repeat(31) + '%2F',
    ];
    for (const route of guarded()) {
      if (!route.includes('{')) continue;
      for (const id of hostile) {
        const sample = probeOf(route).sample(owned);
        const path = route.split(' ')[1]?.replace(/\{[^}]+\}/g, id) ?? '';
        const res = await call(owner.token, methodOf(route), { ...sample, path });
        expect([400, 404, 405], `${route} with ${id} answered ${res.status}`).toContain(res.status);
        expect(await res.text()).not.toContain('SQLite format');
      }
    }
  });

  it('refuses names that would escape a folder', async () => {
    for (const name of ['../escape', 'a/b', '..', '.', 'nul\u0000byte', '']) {
      const res = await call(
        owner.token,
        'POST',
        PROBES['POST /api/v1/folders']!.sample({ ...owned, folderId: 'root' }),
      );
      expect(res.status).toBe(201);
      const made = await call(owner.token, 'POST', {
        path: '/api/v1/folders',
        ...json({ name, parentFolderId: owned.folderId }),
      });
      await expectRefused(made, [400]);
    }
  });

  it('serves an uploaded HTML file as an attachment, with nosniff and no script allowed', async () => {
    const res = await fetch(`${t.url}/api/v1/files/${owned.fileId}/download`, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    // Even opened directly, the relay's answers are inert: no script, no plugin, no framing.
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/sandbox/);
    await res.arrayBuffer();
  });

  it('slows brute force: after a few wrong passwords the account answers 429 with Retry-After', async () => {
    const victim = await registerUser(t.url);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i++) {
      const res = await call(undefined, 'POST', {
        path: '/api/v1/auth/login',
        ...json({ email: victim.email, password: `guess number ${i}` }),
      });
      statuses.push(res.status);
      retryAfter ??= res.headers.get('retry-after');
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Even the right password waits until the window passes.
    const right = await call(undefined, 'POST', {
      path: '/api/v1/auth/login',
      ...json({ email: victim.email, password: victim.password }),
    });
    expect(right.status).toBe(429);
  });

  it('refuses a common password at sign-up, whether or not the email is taken', async () => {
    for (const email of [owner.email, 'fresh@example.test']) {
      const res = await call(undefined, 'POST', {
        path: '/api/v1/auth/register',
        ...json({ email, password: 'password123', name: 'Someone' }),
      });
      const text = await expectRefused(res, [400]);
      expect(text).toMatch(/commonly used/);
    }
  });
});

describe('signed-out devices and expired tokens', () => {
  const upgrade = (token: string): Promise<number> => syncUpgradeStatus(t.url, token);

  it('refuses every route and /sync to a device signed out from another, and closes its socket', async () => {
    const user = await registerUser(t.url);
    const login = await call(undefined, 'POST', {
      path: '/api/v1/auth/login',
      ...json({ email: user.email, password: user.password }),
    });
    const second = LoginResponse.parse(await login.json());
    // The second device holds a sync socket open.
    const ws = new WebSocket(`${t.url.replace('http', 'ws')}/sync?token=${encodeURIComponent(second.token)}`);
    await new Promise((resolve) => ws.on('open', resolve));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));

    const revoke = await call(user.token, 'DELETE', { path: `/api/v1/devices/${second.deviceId}` });
    expect(revoke.status).toBe(200);
    expect(await closed).toBe(4401);
    for (const route of guarded()) {
      await expectRefused(await call(second.token, methodOf(route), probeOf(route).sample(owned)), [401]);
    }
    expect(await upgrade(second.token)).toBe(401);
    const refresh = await call(undefined, 'POST', {
      path: '/api/v1/auth/refresh',
      ...json({ refreshToken: second.refreshToken }),
    });
    await expectRefused(refresh, [401]);
  });

  it('refuses an expired token on every route and at /sync', async () => {
    const user = await registerUser(t.url);
    offsetMs = 2 * 60 * 60 * 1000;
    try {
      for (const route of guarded()) {
        await expectRefused(await call(user.token, methodOf(route), probeOf(route).sample(owned)), [401]);
      }
      expect(await upgrade(user.token)).toBe(401);
    } finally {
      offsetMs = 0;
    }
    expect(await upgrade(user.token)).toBe(101);
  });
});
