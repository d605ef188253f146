// The limits on a real relay, with limits small enough to reach: 429 with Retry-After, buckets kept
// apart, and sign-in failures counted per account whatever the password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@sheaf/shared/protocol/error-kind';
import { registerUser, startTestRelay, type TestRelay } from '../testing/test-relay.js';
import { api } from '../testing/drive-client.js';

let t: TestRelay;
beforeAll(async () => {
  t = await startTestRelay({
    env: { RATE_USER_PER_HOUR: '5', LOGIN_FAILURES_PER_ACCOUNT: '3', RATE_IP_PER_HOUR: '60' },
  });
});
afterAll(() => t.cleanup());

const login = (email: string, password: string): Promise<Response> =>
  fetch(`${t.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

describe('rate limits', () => {
  it('limits API requests per user, answering 429 with Retry-After, and keeps chunk transfers apart', async () => {
    const user = await registerUser(t.url);
    const rest = api(t.url, user.token);
    for (let i = 0; i < 5; i++) expect((await rest.call('GET', '/api/v1/storage')).status).toBe(200);
    const limited = await fetch(`${t.url}/api/v1/storage`, { headers: { authorization: `Bearer ${user.token}` } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(ErrorBody.parse(await limited.json()).error.kind).toBe('rate_limited');
    expect((await rest.call('POST', '/api/v1/chunks/missing', { hashes: [] })).status).toBe(200);
    // Another user is not slowed by the first.
    const other = await registerUser(t.url);
    expect((await api(t.url, other.token).call('GET', '/api/v1/storage')).status).toBe(200);
  });

  it('slows sign-in after repeated failures on an account, even with the right password then', async () => {
    const user = await registerUser(t.url);
    for (let i = 0; i < 3; i++) expect((await login(user.email, 'wrong password!')).status).toBe(401);
    const blocked = await login(user.email, user.password);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).not.toBeNull();
    // An unknown email is slowed the same way, so the limit does not reveal which emails exist.
    for (let i = 0; i < 3; i++) expect((await login('nobody@example.test', 'wrong password!')).status).toBe(401);
    expect((await login('nobody@example.test', 'wrong password!')).status).toBe(429);
  });

  it('limits requests per network', async () => {
    let status = 0;
    for (let i = 0; i < 70 && status !== 429; i++) status = (await fetch(`${t.url}/api/v1/health`)).status;
    expect(status).toBe(429);
  });
});

describe('email enumeration through sign-up', () => {
  it('counts each "email taken" against the network, then makes its sign-ups wait', async () => {
    const small = await startTestRelay({ env: { LOGIN_FAILURES_PER_IP: '3' } });
    try {
      const existing = await registerUser(small.url);
      const register = (email: string): Promise<Response> =>
        fetch(`${small.url}/api/v1/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: 'a long enough passphrase', name: 'Probe' }),
        });
      for (let i = 0; i < 3; i++) expect((await register(existing.email)).status).toBe(409);
      const slowed = await register('someone-new@example.test');
      expect(slowed.status).toBe(429);
      expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0);
      // The answer past the limit is the same whether the email is taken or not.
      expect((await register(existing.email)).status).toBe(429);
    } finally {
      await small.cleanup();
    }
  });
});
