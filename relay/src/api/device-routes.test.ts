// Signed-in devices over real HTTP and WebSockets: each sign-in is a device, a refresh token works
// once (a second use signs the device out), and signing a device out ends its tokens and closes its
// sync sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { RefreshResponse } from '@sheaf/shared/protocol/auth-refresh';
import { LoginResponse } from '@sheaf/shared/protocol/auth-login';
import { DevicesResponse } from '@sheaf/shared/protocol/devices';
import { AUDIT_SEQ_END, AuditResponse } from '@sheaf/shared/protocol/audit';
import { FolderCreateResponse } from '@sheaf/shared/protocol/folder-create';
import { CLOSE_SIGNED_OUT } from '../sync/sync-server.js';
import { registerUser, startTestRelay, type TestRelay } from '../testing/test-relay.js';
import { api } from '../testing/drive-client.js';

let t: TestRelay;
beforeAll(async () => {
  t = await startTestRelay();
});
afterAll(() => t.cleanup());

async function login(email: string, password: string, name: string): Promise<LoginResponse> {
  const res = await fetch(`${t.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, device: { name, platform: 'Test' } }),
  });
  expect(res.status).toBe(200);
  return LoginResponse.parse(await res.json());
}

const refresh = (refreshToken: string): Promise<Response> =>
  fetch(`${t.url}/api/v1/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });

const status = async (token: string): Promise<number> =>
  (await api(t.url, token).call('GET', '/api/v1/devices')).status;

/** Opens /sync with the token; resolves once open, with a promise of the close code. */
async function openSocket(token: string): Promise<{ closed: Promise<number> }> {
  const ws = new WebSocket(`${t.url.replace('http', 'ws')}/sync?token=${encodeURIComponent(token)}`);
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { closed };
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms)),
  ]);

describe('signed-in devices', () => {
  it('lists each sign-in, and signing one out from another ends its tokens and closes its sockets', async () => {
    const user = await registerUser(t.url);
    const laptop = await login(user.email, user.password, 'Laptop');
    const phone = await login(user.email, user.password, 'Phone');
    const listed = await api(t.url, laptop.token).ok(DevicesResponse, 'GET', '/api/v1/devices');
    expect(listed.devices.map((d) => [d.name, d.current]).sort()).toEqual(
      [
        ['Laptop', true],
        ['Phone', false],
        ['Unnamed device', false],
      ].sort(),
    );

    const socket = await openSocket(phone.token);
    const gone = await api(t.url, laptop.token).call('DELETE', `/api/v1/devices/${phone.deviceId}`);
    expect(gone.status).toBe(200);
    // The acceptance asks for sockets closed within a second: this bounds the wait, it times nothing.
    expect(await within(socket.closed, 1_000)).toBe(CLOSE_SIGNED_OUT);
    expect(await status(phone.token)).toBe(401);
    expect((await refresh(phone.refreshToken)).status).toBe(401);
    expect(await status(laptop.token)).toBe(200);
    // Signed out already, or someone else's: not found either way.
    expect((await api(t.url, laptop.token).call('DELETE', `/api/v1/devices/${phone.deviceId}`)).status).toBe(404);
    const stranger = await registerUser(t.url);
    expect((await api(t.url, stranger.token).call('DELETE', `/api/v1/devices/${laptop.deviceId}`)).status).toBe(404);
    expect(await status(laptop.token)).toBe(200);

    // The owner's audit log holds what happened, deletes included.
    const folder = await api(t.url, laptop.token).ok(FolderCreateResponse, 'POST', '/api/v1/folders', { name: 'Old' });
    expect((await api(t.url, laptop.token).call('DELETE', `/api/v1/files/${folder.folderId}`)).status).toBe(200);
    const log = await api(t.url, laptop.token).ok(AuditResponse, 'GET', '/api/v1/audit?after=0&limit=50');
    expect(log.events.map((e) => e.kind)).toEqual(['signed_up', 'signed_in', 'signed_in', 'device_revoked', 'trashed']);
    expect(log.events[3]?.detail).toMatchObject({ deviceId: phone.deviceId, by: laptop.deviceId });
    const page = await api(t.url, laptop.token).ok(AuditResponse, 'GET', '/api/v1/audit?after=0&limit=2');
    expect([page.events.length, page.hasMore]).toEqual([2, true]);
    // Newest first for people: `before` pages backwards from the end.
    const newest = await api(t.url, laptop.token).ok(
      AuditResponse,
      'GET',
      `/api/v1/audit?before=${AUDIT_SEQ_END}&limit=3`,
    );
    expect([newest.events.map((e) => e.kind), newest.hasMore]).toEqual([
      ['trashed', 'device_revoked', 'signed_in'],
      true,
    ]);
    const oldest = newest.events.at(-1)?.seq ?? 0;
    const older = await api(t.url, laptop.token).ok(AuditResponse, 'GET', `/api/v1/audit?before=${oldest}&limit=3`);
    expect([older.events.map((e) => e.kind), older.hasMore]).toEqual([['signed_in', 'signed_up'], false]);
    expect((await api(t.url, laptop.token).call('GET', '/api/v1/audit?before=0')).status).toBe(400);
    const strangers = await api(t.url, stranger.token).ok(AuditResponse, 'GET', '/api/v1/audit');
    expect(strangers.events.map((e) => e.kind)).toEqual(['signed_up']);
  });

  it('rotates refresh tokens, and a reused one signs the device out', async () => {
    const user = await registerUser(t.url);
    const tablet = await login(user.email, user.password, 'Tablet');
    const first = await refresh(tablet.refreshToken);
    expect(first.status).toBe(200);
    const next = RefreshResponse.parse(await first.json());
    expect(next.refreshToken).not.toBe(tablet.refreshToken);
    expect(await status(next.token)).toBe(200);
    // The device uses its new token, so a later use of the first cannot be the retry of a lost answer.
    const second = await refresh(next.refreshToken);
    expect(second.status).toBe(200);
    const latest = RefreshResponse.parse(await second.json());

    // The old token again: it was copied, so the whole sign-in ends, new tokens included.
    expect((await refresh(tablet.refreshToken)).status).toBe(401);
    expect(await status(latest.token)).toBe(401);
    expect((await refresh(latest.refreshToken)).status).toBe(401);
    expect((await refresh('not-a-token')).status).toBe(401);
    const log = await api(t.url, user.token).ok(AuditResponse, 'GET', '/api/v1/audit');
    expect(log.events.map((e) => e.kind)).toContain('refresh_token_reused');
  });

  it('signs out on logout: the access and refresh tokens stop working', async () => {
    const user = await registerUser(t.url);
    const desk = await login(user.email, user.password, 'Desk');
    expect((await api(t.url, desk.token).call('POST', '/api/v1/auth/logout')).status).toBe(200);
    expect(await status(desk.token)).toBe(401);
    expect((await refresh(desk.refreshToken)).status).toBe(401);
    expect(await status(user.token)).toBe(200);
  });
});
