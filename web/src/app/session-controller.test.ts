// Tabs of one browser share the saved session: two controllers over one in-memory session store,
// told of each other through a tab channel on Node's own BroadcastChannel.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceId, DocUrl, FolderId, UserId } from '@sheaf/shared/ids';
import { ok } from '@sheaf/shared/result';
import type { ApiResult } from '../api/client.js';
import type { SavedSession, SessionStore } from '../local/session.js';
import { createStore } from '../lib/store.js';
import {
  createSessionController,
  SESSION_ENDED,
  SessionMessage,
  type SessionController,
  type SessionControllerDeps,
  type SessionState,
} from './session-controller.js';
import { openTabChannel, type TabChannel } from './tab-channel.js';

const SAVED: SavedSession = {
  userId: UserId.parse(`u_${'b'.repeat(32)}`),
  deviceId: DeviceId.parse(`d_${'a'.repeat(32)}`),
  driveUrl: DocUrl.parse('automerge:4NMNnkMhL8jXrdJ9jamS58PAVdXu'),
  rootFolderId: FolderId.parse('root'),
  email: 'ada@example.com',
  name: 'Ada',
  deviceName: 'Web on Linux',
  token: 'access',
  refreshToken: 'refresh',
};

type Logout = { resolve: (answer: ApiResult<void>) => void };

/** One browser profile: the saved session all its tabs read, and the relay's answers. */
function profile() {
  let row: SavedSession | undefined;
  const sessions: SessionStore = {
    load: () => Promise.resolve(row),
    save: (session) => {
      row = session;
      return Promise.resolve();
    },
    clear: () => {
      row = undefined;
      return Promise.resolve();
    },
    deviceName: () => Promise.resolve(SAVED.deviceName),
    platform: () => 'Web (Node)',
  };
  const logouts: Logout[] = [];
  const api: SessionControllerDeps['api'] = {
    register: () => Promise.reject(new Error('not in these tests')),
    login: () =>
      Promise.resolve(
        ok({
          userId: SAVED.userId,
          token: SAVED.token,
          refreshToken: 'refresh',
          deviceId: SAVED.deviceId ?? DeviceId.parse(`d_${'a'.repeat(32)}`),
          name: SAVED.name,
          rootFolderId: SAVED.rootFolderId,
          driveUrl: SAVED.driveUrl,
        }),
      ),
    refresh: () => new Promise(() => undefined),
    logout: () => new Promise((resolve) => logouts.push({ resolve })),
    devices: () => Promise.reject(new Error('not in these tests')),
    revokeDevice: () => Promise.reject(new Error('not in these tests')),
    auditEvents: () => Promise.reject(new Error('not in these tests')),
  };
  return { sessions, api, logouts, channel: `session-${Math.random()}` };
}

const channels: Array<TabChannel<SessionMessage>> = [];
afterEach(() => {
  for (const channel of channels.splice(0)) channel.close();
});

function openTab(browser: ReturnType<typeof profile>): SessionController {
  const tabs = openTabChannel(browser.channel, SessionMessage);
  channels.push(tabs);
  return createSessionController({
    state: createStore<SessionState>({ status: 'loading' }),
    sessions: browser.sessions,
    api: browser.api,
    exclusive: (task) => task(),
    now: () => 0,
    // Renewals are not these tests' business: the timers never run.
    setTimer: () => () => undefined,
    tabs,
  });
}

const status = (tab: SessionController): string => tab.state.get().status;
const notice = (tab: SessionController): string | undefined => {
  const state = tab.state.get();
  return state.status === 'signed-out' ? state.notice : undefined;
};

describe('session across tabs', () => {
  it('signs the other tabs out as soon as one starts signing out, without a notice', async () => {
    const browser = profile();
    await browser.sessions.save(SAVED);
    const [a, b] = [openTab(browser), openTab(browser)];
    await Promise.all([a.restore(), b.restore()]);
    expect([status(a), status(b)]).toEqual(['signed-in', 'signed-in']);
    const leaving = a.signOut();
    // The relay has not answered A yet: B is told before the relay closes its socket.
    await vi.waitFor(() => expect(status(b)).toBe('signed-out'));
    expect(notice(b)).toBeUndefined();
    expect(browser.logouts).toHaveLength(1);
    browser.logouts[0]?.resolve(ok(undefined));
    await leaving;
    expect(status(a)).toBe('signed-out');
  });

  it('ends the session in every tab, with its notice, when the relay refused it in one', async () => {
    const browser = profile();
    await browser.sessions.save(SAVED);
    const [a, b] = [openTab(browser), openTab(browser)];
    await Promise.all([a.restore(), b.restore()]);
    await a.expire();
    expect(notice(a)).toBe(SESSION_ENDED);
    await vi.waitFor(() => expect(status(b)).toBe('signed-out'));
    expect(notice(b)).toBe(SESSION_ENDED);
  });

  it('signs the other tabs in with the session one tab signed in with', async () => {
    const browser = profile();
    const [a, b] = [openTab(browser), openTab(browser)];
    await Promise.all([a.restore(), b.restore()]);
    expect(status(b)).toBe('signed-out');
    const signed = await a.signIn({ email: SAVED.email, password: 'secret' });
    expect(signed.ok).toBe(true);
    await vi.waitFor(() => expect(status(b)).toBe('signed-in'));
    expect(b.token()).toBe(SAVED.token);
  });
});
