// Signing up, in and out, and the session's life in between. Owns the session state the UI renders
// and the tokens the API client and the sync socket send: a refused or ageing access token is
// renewed by the token keeper, and the session ends only when the relay refuses to renew it, when
// another device signs this one out, or when the user signs out here. The tabs of this browser
// share the one saved session, so a tab that signs in or out tells the others, which follow.
import { z } from 'zod';
import { err, ok, type Result } from '@sheaf/shared/result';
import type { ApiClient } from '../api/client.js';
import type { SavedSession, Session, SessionStore, Tokens } from '../local/session.js';
import type { Store } from '../lib/store.js';
import { AUDIT_PAGE_SIZE, createAuditList, type AuditList } from './audit-list.js';
import { createDeviceList, type DeviceList } from './device-list.js';
import type { WipeError } from './local-wipe.js';
import { createTokenKeeper } from './token-keeper.js';

export type SessionState =
  | { readonly status: 'loading' }
  | { readonly status: 'signed-out'; readonly notice?: string }
  /** `session` keeps its identity while tokens are renewed: a new one means a new sign-in. */
  | { readonly status: 'signed-in'; readonly session: Session };

export type RegisterInput = { readonly name: string; readonly email: string; readonly password: string };
export type SignInInput = { readonly email: string; readonly password: string };

export type SessionController = {
  readonly state: Store<SessionState>;
  /** Reads the stored session; call once at start. */
  restore(): Promise<void>;
  register(input: RegisterInput): Promise<Result<void, string>>;
  signIn(input: SignInInput): Promise<Result<void, string>>;
  /**
   * Signs this device out on the relay when it can be reached, and here in any case. With `wipe`,
   * this device's copy of the drive is removed too, and the sign-in screen says how that went.
   */
  signOut(options?: { readonly wipe?: boolean }): Promise<void>;
  /** Signs out because the relay no longer accepts the session, saying so on the sign-in screen. */
  expire(): Promise<void>;
  /** Signs out because the relay closed the sync socket for this device: another device signed it out. */
  signedOutElsewhere(): Promise<void>;
  /** The access token to send now; undefined when signed out. */
  token(): string | undefined;
  /** The relay refused `rejected`: resolves true once a newer token is there to retry with. */
  renew(rejected: string): Promise<boolean>;
  /** The account's signed-in devices, for the settings. */
  devices(): DeviceList;
  /** The account's security activity, newest first, for the settings. */
  auditLog(): AuditList;
};

export const SESSION_ENDED = 'Your session has ended. Sign in again to keep syncing.';
export const SIGNED_OUT_ELSEWHERE = 'This device was signed out from another device.';
export const WIPING = 'Removing this device’s copy of your files…';
export const WIPED = 'Signed out. This device’s copy of your files was removed.';
export const WIPE_NOTICES: Record<WipeError, string> = {
  blocked: 'Signed out. This device’s copy of your files is removed once Sheaf’s other tabs are closed.',
  failed:
    'Signed out, but this device’s copy of your files could not be removed. Clear this site’s data in the browser to remove it.',
};
/** What a tab tells the others of the session they share; `why` a session ended picks the notice. */
export const SessionMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('signed-in') }),
  z.object({ type: z.literal('signed-out'), why: z.enum(['here', 'ended', 'elsewhere']) }),
]);
export type SessionMessage = z.infer<typeof SessionMessage>;
export const SESSION_CHANNEL = 'sheaf-session';

/** The other tabs of this browser (tab-channel.ts). */
export type SessionTabs = {
  post(message: SessionMessage): void;
  listen(listener: (message: SessionMessage) => void): () => void;
};

type EndReason = Extract<SessionMessage, { type: 'signed-out' }>['why'];
/** What a tab shows when another one ended the session; signing out there is no news here. */
const NOTICE_OF: Record<EndReason, string | undefined> = {
  here: undefined,
  ended: SESSION_ENDED,
  elsewhere: SIGNED_OUT_ELSEWHERE,
};

/** How long signing out waits for the relay before it signs out here alone (offline, relay down). */
export const LOGOUT_WAIT_MS = 4_000;

export type SessionControllerDeps = {
  readonly state: Store<SessionState>;
  readonly sessions: SessionStore;
  readonly api: Pick<
    ApiClient,
    'register' | 'login' | 'refresh' | 'logout' | 'devices' | 'revokeDevice' | 'auditEvents'
  >;
  /** Closes what holds this device's copy of the drive and deletes it. */
  readonly wipeLocal?: () => Promise<Result<void, WipeError>>;
  /** Runs `task` while no other tab of this browser renews the tokens (a Web Lock), or directly. */
  readonly exclusive: <T>(task: () => Promise<T>) => Promise<T>;
  readonly now: () => number;
  readonly setTimer: (run: () => void, ms: number) => () => void;
  /** The other tabs of this browser, told of sign-ins and sign-outs here and heard from. */
  readonly tabs?: SessionTabs;
};

const sessionOf = ({ token: _token, refreshToken: _refresh, ...session }: SavedSession): Session => session;

export function createSessionController(deps: SessionControllerDeps): SessionController {
  const { state, sessions, api } = deps;
  /** Set while this device signs itself out: the relay then closes its socket too, which is no news. */
  let leaving = false;

  const signedIn = (): Session | undefined => {
    const now = state.get();
    return now.status === 'signed-in' ? now.session : undefined;
  };

  const keeper = createTokenKeeper({
    exchange: (refreshToken) => api.refresh(refreshToken),
    async loadSaved() {
      const saved = await sessions.load();
      // A row of someone else (signed in from another tab meanwhile) holds no tokens of ours.
      return saved !== undefined && saved.userId === signedIn()?.userId ? saved : undefined;
    },
    async save(tokens) {
      const session = signedIn();
      if (session !== undefined) await sessions.save({ ...session, ...tokens });
    },
    exclusive: deps.exclusive,
    now: deps.now,
    setTimer: deps.setTimer,
    onRefused: () => {
      if (!leaving) void end(SESSION_ENDED, 'ended');
    },
  });

  const begin = async (session: Session, tokens: Tokens): Promise<void> => {
    await sessions.save({ ...session, ...tokens });
    keeper.start(tokens, true);
    state.set({ status: 'signed-in', session });
    deps.tabs?.post({ type: 'signed-in' });
  };

  /**
   * Ends the session here; `notice` says why on the sign-in screen. With `tell`, the other tabs are
   * told to end it too (not when one of them told this tab).
   */
  async function end(notice: string | undefined, tell?: EndReason): Promise<void> {
    if (state.get().status !== 'signed-in') return;
    if (tell !== undefined) deps.tabs?.post({ type: 'signed-out', why: tell });
    keeper.stop();
    try {
      await sessions.clear();
    } catch (error) {
      // Storage failing: signed out for this tab all the same; a reload may find the row again.
      console.warn('Sheaf: could not clear the saved session', error);
    }
    state.set(notice === undefined ? { status: 'signed-out' } : { status: 'signed-out', notice });
  }

  const device = async (): Promise<{ name: string; platform: string }> => ({
    name: await sessions.deviceName(),
    platform: sessions.platform(),
  });

  deps.tabs?.listen((message) => {
    if (message.type === 'signed-out') {
      // As when signing out here: the relay closing this tab's socket meanwhile is no news.
      leaving = true;
      void end(NOTICE_OF[message.why]).finally(() => (leaving = false));
    }
    // Another tab signed in: the session it saved is this tab's too.
    else if (state.get().status === 'signed-out') void restore();
  });

  async function restore(): Promise<void> {
    try {
      const saved = await sessions.load();
      if (saved === undefined) {
        state.set({ status: 'signed-out' });
        return;
      }
      keeper.start(saved, false);
      state.set({ status: 'signed-in', session: sessionOf(saved) });
    } catch (error) {
      // IndexedDB can be unavailable (private mode, storage blocked): sign in again then.
      console.warn('Sheaf: could not read the saved session', error);
      state.set({ status: 'signed-out' });
    }
  }

  return {
    state,
    restore,
    async register(input) {
      const { name: deviceName, platform } = await device();
      const reply = await api.register({ ...input, device: { name: deviceName, platform } });
      if (!reply.ok) return err(reply.error.message);
      const { userId, token, refreshToken, deviceId, driveUrl, rootFolderId } = reply.value;
      await begin(
        { userId, deviceId, driveUrl, rootFolderId, email: input.email.trim(), name: input.name.trim(), deviceName },
        { token, refreshToken },
      );
      return ok(undefined);
    },

    async signIn(input) {
      const { name: deviceName, platform } = await device();
      const reply = await api.login({ ...input, device: { name: deviceName, platform } });
      if (!reply.ok) return err(reply.error.message);
      const { userId, token, refreshToken, deviceId, driveUrl, rootFolderId, name } = reply.value;
      await begin(
        { userId, deviceId, driveUrl, rootFolderId, email: input.email.trim(), name, deviceName },
        { token, refreshToken },
      );
      return ok(undefined);
    },

    async signOut(options) {
      if (state.get().status !== 'signed-in' || leaving) return;
      const wipe = options?.wipe === true && deps.wipeLocal !== undefined ? deps.wipeLocal : undefined;
      leaving = true;
      // Told first: the relay is about to close every socket of this device, the other tabs'
      // included, and they should not take that for a sign-out from another device.
      deps.tabs?.post({ type: 'signed-out', why: 'here' });
      try {
        // Best effort: offline, or with the relay down, this device still signs out here; the
        // relay forgets the sign-in when its refresh token runs out.
        const left = await api.logout(AbortSignal.timeout(LOGOUT_WAIT_MS));
        if (!left.ok) console.info('Sheaf: signed out here only:', left.error.message);
      } catch (error) {
        console.info('Sheaf: signed out here only: the relay did not answer', error);
      }
      try {
        await end(wipe === undefined ? undefined : WIPING);
      } finally {
        leaving = false;
      }
      if (wipe === undefined) return;
      const wiped = await wipe();
      // Signed in again meanwhile: that screen is not this notice's to change.
      if (state.get().status !== 'signed-out') return;
      state.set({ status: 'signed-out', notice: wiped.ok ? WIPED : WIPE_NOTICES[wiped.error] });
    },

    async expire() {
      if (!leaving) await end(SESSION_ENDED, 'ended');
    },

    async signedOutElsewhere() {
      if (!leaving) await end(SIGNED_OUT_ELSEWHERE, 'elsewhere');
    },

    token: () => keeper.token(),
    renew: (rejected) => keeper.renew(rejected),

    devices: () =>
      createDeviceList({
        list: () => api.devices(),
        revoke: (deviceId) => api.revokeDevice(deviceId),
      }),

    auditLog: () =>
      createAuditList({
        page: (before) =>
          api.auditEvents(before === undefined ? { limit: AUDIT_PAGE_SIZE } : { before, limit: AUDIT_PAGE_SIZE }),
      }),
  };
}
