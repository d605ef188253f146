// The session's tokens end to end inside the app: the real API client and session controller over
// an injected fetch that plays the relay (rotating refresh tokens, revoking a device whose refresh
// token is used twice), with an in-memory session store and a hand-driven clock.
import { describe, expect, it } from 'vitest';
import { DocUrl, FolderId, UserId } from '@sheaf/shared/ids';
import { createApiClient } from '../api/client.js';
import type { SavedSession, SessionStore } from '../local/session.js';
import { createStore } from '../lib/store.js';
import {
  createSessionController,
  SESSION_ENDED,
  SIGNED_OUT_ELSEWHERE,
  type SessionController,
  type SessionState,
} from './session-controller.js';
import { RENEW_LEAD_MS, RETRY_MIN_MS } from './token-keeper.js';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 1);
const DEVICE_ID = `d_${'a'.repeat(32)}`;
const USER_ID = `u_${'b'.repeat(32)}`;
const DRIVE_URL = DocUrl.parse('automerge:4NMNnkMhL8jXrdJ9jamS58PAVdXu');

const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (n: number, issuedAt: number, ttl: number): string =>
  `${part({ alg: 'HS256' })}.${part({ sub: 'u', n, iat: issuedAt / 1000, exp: (issuedAt + ttl) / 1000 })}.sig`;

type Deferred = { readonly promise: Promise<void>; readonly open: () => void };
const deferred = (): Deferred => {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
};

/** A relay as far as tokens go: access tokens live `ttl`, refresh tokens work once. */
function fakeRelay(clock: { now: number }, ttl = HOUR, relayAhead = 0) {
  const relayNow = (): number => clock.now + relayAhead;
  let issued = 0;
  const valid = new Map<string, number>(); // access token -> expiry
  const refreshTokens = new Map<string, 'fresh' | 'used'>();
  let revoked = false;
  const log: string[] = [];
  const counts = { refresh: 0, logout: 0, storage: 0 };
  let refreshGate: Deferred | undefined;
  let refreshAnswer: 'rotate' | 'network' | 'unauthorized' = 'rotate';
  let lastDevice: unknown;

  const pair = (): { token: string; refreshToken: string } => {
    issued += 1;
    const token = jwt(issued, relayNow(), ttl);
    valid.set(token, relayNow() + ttl);
    const refreshToken = `rt-${issued}`;
    refreshTokens.set(refreshToken, 'fresh');
    return { token, refreshToken };
  };
  const json = (status: number, body: unknown): Response =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const refused = (message: string): Response => json(401, { error: { kind: 'unauthorized', message } });
  const authorised = (init: RequestInit | undefined): string | undefined => {
    const header = new Headers(init?.headers).get('authorization') ?? '';
    const token = header.replace(/^Bearer /, '');
    const expiry = valid.get(token);
    return !revoked && expiry !== undefined && relayNow() < expiry ? token : undefined;
  };

  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const route = `${init?.method ?? 'GET'} ${url}`;
    switch (route) {
      case 'POST /api/v1/auth/login': {
        lastDevice = (body as { device?: unknown }).device;
        revoked = false;
        return json(200, {
          userId: USER_ID,
          ...pair(),
          deviceId: DEVICE_ID,
          name: 'Ada',
          rootFolderId: 'root',
          driveUrl: DRIVE_URL,
        });
      }
      case 'POST /api/v1/auth/refresh': {
        counts.refresh += 1;
        const { refreshToken } = body as { refreshToken: string };
        log.push(`refresh ${refreshToken}`);
        await refreshGate?.promise;
        if (refreshAnswer === 'network') throw new TypeError('Failed to fetch');
        if (refreshAnswer === 'unauthorized' || revoked) return refused('sign in again');
        const state = refreshTokens.get(refreshToken);
        if (state === 'used') {
          revoked = true; // someone else holds a copy: the device is signed out
          return refused('this refresh token was already used');
        }
        if (state === undefined) return refused('unknown refresh token');
        refreshTokens.set(refreshToken, 'used');
        return json(200, pair());
      }
      case 'POST /api/v1/auth/logout':
        counts.logout += 1;
        if (authorised(init) === undefined) return refused('invalid or expired token');
        revoked = true;
        return json(200, { success: true });
      case 'GET /api/v1/storage': {
        counts.storage += 1;
        const token = authorised(init);
        log.push(`storage ${token === undefined ? 'refused' : `with ${token.split('.')[1] ?? ''}`}`);
        return token === undefined ? refused('invalid or expired token') : json(200, { usedBytes: 1, quotaBytes: 10 });
      }
      default:
        return json(404, { error: { kind: 'not_found', message: route } });
    }
  };
  return {
    fetch,
    log,
    counts,
    lastDevice: () => lastDevice,
    /** Payload part of the newest access token, as the log writes it. */
    newest: () => [...valid.keys()].at(-1)?.split('.')[1],
    expireAccessTokens: () => valid.clear(),
    holdRefreshes: () => (refreshGate = deferred()),
    answerRefreshWith: (answer: typeof refreshAnswer) => (refreshAnswer = answer),
    revoke: () => (revoked = true),
  };
}

function memorySessions(log: string[]) {
  let row: SavedSession | undefined;
  const store: SessionStore = {
    load: () => Promise.resolve(row),
    save: (session) => {
      row = session;
      log.push(`save ${session.refreshToken ?? '-'}`);
      return Promise.resolve();
    },
    clear: () => {
      row = undefined;
      return Promise.resolve();
    },
    deviceName: () => Promise.resolve('Chromium on Linux · 0317'),
    platform: () => 'Web (Chromium, Linux)',
  };
  return { store, row: () => row, put: (next: SavedSession | undefined) => (row = next) };
}

function harness(options: { ttl?: number; relayAhead?: number } = {}) {
  const clock = { now: START };
  const relay = fakeRelay(clock, options.ttl, options.relayAhead);
  const sessions = memorySessions(relay.log);
  const timers: Array<{ run: () => void; at: number; cancelled: boolean }> = [];
  const state = createStore<SessionState>({ status: 'loading' });
  const api = createApiClient({
    token: () => session.token(),
    renew: (rejected) => session.renew(rejected),
    onUnauthorized: () => void session.expire(),
    fetch: relay.fetch,
  });
  const session: SessionController = createSessionController({
    state,
    sessions: sessions.store,
    api,
    exclusive: (task) => task(),
    now: () => clock.now,
    setTimer: (run, ms) => {
      const timer = { run, at: clock.now + ms, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
  });
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
  };
  /** Moves the clock to `at` and runs the timers due by then. */
  const advanceTo = async (at: number): Promise<void> => {
    clock.now = at;
    for (const timer of timers.filter((t) => !t.cancelled && t.at <= at)) {
      timer.cancelled = true;
      timer.run();
    }
    await settle();
  };
  const armed = (): number[] => timers.filter((t) => !t.cancelled).map((t) => t.at);
  const signIn = async (): Promise<void> => {
    const result = await session.signIn({ email: 'ada@example.com', password: 'correct horse' });
    expect(result).toEqual({ ok: true, value: undefined });
  };
  return { clock, relay, sessions, state, api, session, settle, advanceTo, armed, signIn };
}

describe('session tokens', () => {
  it('signs in as a device and keeps its refresh token and device id', async () => {
    const h = harness();
    await h.signIn();
    expect(h.relay.lastDevice()).toEqual({ name: 'Chromium on Linux · 0317', platform: 'Web (Chromium, Linux)' });
    expect(h.sessions.row()).toMatchObject({ refreshToken: 'rt-1', deviceId: DEVICE_ID, name: 'Ada' });
    expect(h.state.get()).toMatchObject({ status: 'signed-in', session: { deviceId: DEVICE_ID } });
    // The session the screens hold carries no token: renewing one does not make it a new session.
    const shown = h.state.get();
    expect(shown.status === 'signed-in' && 'token' in shown.session).toBe(false);
  });

  it('renews a refused token once for every request that saw it refused, saving the new pair first', async () => {
    const h = harness();
    await h.signIn();
    h.relay.expireAccessTokens();
    h.relay.holdRefreshes().open();
    const replies = await Promise.all([h.api.storageUsage(), h.api.storageUsage(), h.api.storageUsage()]);
    expect(replies.map((r) => r.ok)).toEqual([true, true, true]);
    expect(h.relay.counts.refresh).toBe(1);
    expect(h.sessions.row()?.refreshToken).toBe('rt-2');
    const fresh = h.relay.newest() ?? '';
    // The rotated refresh token is on disk before the new access token is ever sent.
    const saved = h.relay.log.indexOf('save rt-2');
    const firstRetry = h.relay.log.indexOf(`storage with ${fresh}`);
    expect(saved).toBeGreaterThan(h.relay.log.indexOf('refresh rt-1'));
    expect(firstRetry).toBeGreaterThan(saved);
    expect(h.relay.log.filter((line) => line === 'storage refused')).toHaveLength(3);
    expect(h.relay.log.filter((line) => line === `storage with ${fresh}`)).toHaveLength(3);
  });

  it('shares one renewal between requests refused while it is still running', async () => {
    const h = harness();
    await h.signIn();
    h.relay.expireAccessTokens();
    const gate = h.relay.holdRefreshes();
    const first = h.api.storageUsage();
    await h.settle();
    expect(h.relay.counts.refresh).toBe(1);
    // Refused while the renewal waits on the relay: joins it rather than spending rt-1 again.
    const second = h.api.storageUsage();
    await h.settle();
    expect(h.relay.counts.refresh).toBe(1);
    gate.open();
    expect((await first).ok).toBe(true);
    expect((await second).ok).toBe(true);
    expect(h.relay.counts.refresh).toBe(1);
    expect(h.state.get().status).toBe('signed-in');
  });

  it('uses each rotated refresh token once, so the relay never sees a reuse', async () => {
    const h = harness();
    await h.signIn();
    for (let round = 2; round <= 4; round++) {
      h.relay.expireAccessTokens();
      expect((await h.api.storageUsage()).ok).toBe(true);
      expect(h.sessions.row()?.refreshToken).toBe(`rt-${round}`);
    }
    expect(h.relay.log.filter((line) => line.startsWith('refresh'))).toEqual([
      'refresh rt-1',
      'refresh rt-2',
      'refresh rt-3',
    ]);
    expect(h.state.get().status).toBe('signed-in');
  });

  it('ends the session with the notice when the relay refuses to renew', async () => {
    const h = harness();
    await h.signIn();
    h.relay.expireAccessTokens();
    h.relay.answerRefreshWith('unauthorized');
    const reply = await h.api.storageUsage();
    expect(reply.ok ? undefined : reply.error.kind).toBe('unauthorized');
    await h.settle();
    expect(h.state.get()).toEqual({ status: 'signed-out', notice: SESSION_ENDED });
    expect(h.sessions.row()).toBeUndefined();
    expect(h.session.token()).toBeUndefined();
    expect(h.relay.counts.refresh).toBe(1);
  });

  it('keeps the session when the relay cannot be reached to renew, and tries again later', async () => {
    const h = harness();
    await h.signIn();
    h.relay.expireAccessTokens();
    h.relay.answerRefreshWith('network');
    const reply = await h.api.storageUsage();
    expect(reply.ok ? undefined : reply.error.kind).toBe('unauthorized');
    await h.settle();
    expect(h.state.get().status).toBe('signed-in');
    expect(h.sessions.row()?.refreshToken).toBe('rt-1');
    expect(h.armed()).toContain(START + RETRY_MIN_MS);
    h.relay.answerRefreshWith('rotate');
    await h.advanceTo(START + RETRY_MIN_MS);
    expect(h.relay.counts.refresh).toBe(2);
    expect(h.sessions.row()?.refreshToken).toBe('rt-2');
    expect((await h.api.storageUsage()).ok).toBe(true);
  });

  it('renews shortly before the access token expires, so no request is refused', async () => {
    const h = harness();
    await h.signIn();
    expect(h.armed()).toEqual([START + HOUR - RENEW_LEAD_MS]);
    await h.advanceTo(START + HOUR - RENEW_LEAD_MS);
    expect(h.relay.counts.refresh).toBe(1);
    expect(h.sessions.row()?.refreshToken).toBe('rt-2');
    // The next renewal is scheduled from the new token's expiry.
    expect(h.armed()).toEqual([START + 2 * HOUR - 2 * RENEW_LEAD_MS]);
    await h.advanceTo(START + HOUR + 1);
    expect((await h.api.storageUsage()).ok).toBe(true);
    expect(h.relay.log).not.toContain('storage refused');
  });

  it('plans by the relay’s clock, for a device whose clock is hours off', async () => {
    for (const relayAhead of [-3 * HOUR, 5 * HOUR]) {
      const h = harness({ relayAhead });
      await h.signIn();
      // Due by this device's clock as if the clocks agreed, whatever the token's own dates say.
      expect(h.armed()).toEqual([START + HOUR - RENEW_LEAD_MS]);
      await h.advanceTo(START + HOUR - RENEW_LEAD_MS);
      expect(h.relay.counts.refresh).toBe(1);
      expect(h.armed()).toEqual([START + 2 * HOUR - 2 * RENEW_LEAD_MS]);
      await h.settle();
      expect(h.relay.counts.refresh).toBe(1);
      expect((await h.api.storageUsage()).ok).toBe(true);
    }
  });

  it('renews a short-lived token at four fifths of its life', async () => {
    const h = harness({ ttl: 20_000 });
    await h.signIn();
    expect(h.armed()).toEqual([START + 16_000]);
  });

  it('renews a token found expired when asked for it, as after the computer slept', async () => {
    const h = harness();
    await h.signIn();
    h.clock.now = START + 3 * HOUR; // timers did not run while asleep
    const stale = h.session.token();
    await h.settle();
    expect(h.relay.counts.refresh).toBe(1);
    expect(h.session.token()).not.toBe(stale);
  });

  it('adopts the pair another tab saved instead of spending its own used refresh token', async () => {
    const h = harness();
    await h.signIn();
    const other = h.sessions.row();
    if (other === undefined) throw new Error('no saved session');
    // Another tab of this browser renewed: rt-1 is spent, the new pair is in the shared row.
    const rotated = await h.api.refresh('rt-1');
    if (!rotated.ok) throw new Error('refresh failed');
    h.sessions.put({ ...other, ...rotated.value });
    h.relay.expireAccessTokens();
    h.relay.log.length = 0;
    const renewedElsewhere = await h.api.refresh(rotated.value.refreshToken);
    if (!renewedElsewhere.ok) throw new Error('refresh failed');
    h.sessions.put({ ...other, ...renewedElsewhere.value });
    expect((await h.api.storageUsage()).ok).toBe(true);
    expect(h.relay.log.filter((line) => line.startsWith('refresh'))).toEqual([`refresh ${rotated.value.refreshToken}`]);
    expect(h.state.get().status).toBe('signed-in');
  });

  it('renews from the pair another tab saved when that pair’s access token has expired too', async () => {
    const h = harness();
    await h.signIn();
    const other = h.sessions.row();
    if (other === undefined) throw new Error('no saved session');
    const rotated = await h.api.refresh('rt-1');
    if (!rotated.ok) throw new Error('refresh failed');
    h.sessions.put({ ...other, ...rotated.value });
    // Both tabs' access tokens run out (the other tab was closed, this one slept).
    h.clock.now = START + 2 * HOUR;
    h.relay.log.length = 0;
    expect((await h.api.storageUsage()).ok).toBe(true);
    expect(h.relay.log.filter((line) => line.startsWith('refresh'))).toEqual(['refresh rt-2']);
    expect(h.sessions.row()?.refreshToken).toBe('rt-3');
    expect(h.state.get().status).toBe('signed-in');
  });

  it('loads a session saved before refresh tokens, and ends it once its token is refused', async () => {
    const h = harness();
    h.sessions.put({
      token: jwt(99, START - HOUR, HOUR),
      userId: UserId.parse(USER_ID),
      driveUrl: DRIVE_URL,
      rootFolderId: FolderId.parse('root'),
      email: 'ada@example.com',
      name: 'Ada',
      deviceName: 'Chromium on Linux · 0317',
    });
    await h.session.restore();
    expect(h.state.get().status).toBe('signed-in');
    expect(h.armed()).toEqual([]);
    expect((await h.api.storageUsage()).ok).toBe(false);
    await h.settle();
    expect(h.state.get()).toEqual({ status: 'signed-out', notice: SESSION_ENDED });
    expect(h.relay.counts.refresh).toBe(0);
  });

  it('signs out on the relay, and here even when the relay cannot be reached', async () => {
    const h = harness();
    await h.signIn();
    await h.session.signOut();
    expect(h.relay.counts.logout).toBe(1);
    expect(h.state.get()).toEqual({ status: 'signed-out' });
    expect(h.sessions.row()).toBeUndefined();
    expect(h.armed()).toEqual([]);

    const offline = harness();
    await offline.signIn();
    offline.relay.expireAccessTokens();
    offline.relay.answerRefreshWith('network');
    await offline.session.signOut();
    expect(offline.state.get()).toEqual({ status: 'signed-out' });
    expect(offline.sessions.row()).toBeUndefined();
  });

  it('says so when another device signed this one out, but not when it signed itself out', async () => {
    const h = harness();
    await h.signIn();
    const leaving = h.session.signOut();
    // The relay closes this device's socket (4401) while its own logout is under way.
    await h.session.signedOutElsewhere();
    await leaving;
    expect(h.state.get()).toEqual({ status: 'signed-out' });

    await h.signIn();
    h.relay.revoke();
    await h.session.signedOutElsewhere();
    expect(h.state.get()).toEqual({ status: 'signed-out', notice: SIGNED_OUT_ELSEWHERE });
    expect(h.sessions.row()).toBeUndefined();
  });
});
