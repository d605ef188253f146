// What guards the relay below the routes: HTTPS with HSTS when given a certificate, which origins
// may read its answers (CORS) or open /sync, the two Content-Security-Policies, and the per-network
// limit on /sync upgrades.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncUpgradeStatus } from '../testing/sync-upgrade.js';
import { registerUser, startTestRelay, type TestRelay } from '../testing/test-relay.js';

const APP = 'https://app.example.test';
let t: TestRelay;
beforeAll(async () => {
  t = await startTestRelay({ env: { APP_ORIGINS: APP, RATE_IP_PER_HOUR: '40' } });
});
afterAll(() => t.cleanup());

const upgrade = syncUpgradeStatus;

describe('origins', () => {
  it('lets no other origin read the API, except the configured app', async () => {
    const foreign = await fetch(`${t.url}/api/v1/health`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${t.url}/api/v1/files/commit`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();

    const app = await fetch(`${t.url}/api/v1/files/commit`, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'POST' },
    });
    expect(app.status).toBe(204);
    expect(app.headers.get('access-control-allow-origin')).toBe(APP);
    expect(app.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(app.headers.get('vary')).toContain('Origin');
  });

  it('opens /sync only for the relay’s own pages, the configured app, and clients that are not browsers', async () => {
    const user = await registerUser(t.url);
    expect(await upgrade(t.url, user.token, 'https://evil.example')).toBe(403);
    expect(await upgrade(t.url, user.token, t.url)).toBe(101);
    expect(await upgrade(t.url, user.token, APP)).toBe(101);
    expect(await upgrade(t.url, user.token)).toBe(101);
  });
});

describe('content security', () => {
  it('gives API answers a policy under which nothing runs, and the app a policy it can live with', async () => {
    const api = await fetch(`${t.url}/api/v1/health`);
    expect(api.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    const app = await fetch(`${t.url}/`);
    const csp = app.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/'unsafe-eval'/);
    expect(csp).toContain(`ws://${new URL(t.url).host}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(app.headers.get('x-content-type-options')).toBe('nosniff');
    expect(app.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('upgrade limits', () => {
  it('counts /sync upgrades against the network’s request limit', async () => {
    const user = await registerUser(t.url);
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push(await upgrade(t.url, user.token));
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 101 && s !== 429)).toEqual([]);
  });
});

describe('HTTPS', () => {
  it('serves HTTPS with HSTS when given a certificate and key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sheaf-tls-'));
    // A throwaway self-signed certificate for localhost, made for this test only.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const cert = await readFile(join(dir, 'cert.pem'), 'utf8');
    const secure = await startTestRelay({ tls: { cert, key: await readFile(join(dir, 'key.pem'), 'utf8') } });
    try {
      expect(secure.url).toMatch(/^https:/);
      const answer = await new Promise<{ status: number; hsts: string | undefined; body: string }>(
        (resolve, reject) => {
          const req = request(`${secure.url}/api/v1/health`, { ca: cert }, (res) => {
            let body = '';
            res.on('data', (piece: Buffer) => (body += piece.toString()));
            res.on('end', () => {
              const hsts = res.headers['strict-transport-security'];
              resolve({ status: res.statusCode ?? 0, hsts, body });
            });
          });
          req.on('error', reject);
          req.end();
        },
      );
      expect(answer.status).toBe(200);
      expect(answer.hsts).toMatch(/max-age=\d{7,}/);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 'ok' });
    } finally {
      await secure.cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
