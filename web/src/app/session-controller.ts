// Signing up, in and out. Owns the session state the UI renders; the API client reads the
// token from the same store, so a new session is used by the very next request.
import { err, ok, type Result } from '@sheaf/shared/result';
import type { ApiClient } from '../api/client.js';
import type { Session, SessionStore } from '../local/session.js';
import type { Store } from '../lib/store.js';

export type SessionState =
  | { readonly status: 'loading' }
  | { readonly status: 'signed-out'; readonly notice?: string }
  | { readonly status: 'signed-in'; readonly session: Session };

export type RegisterInput = { readonly name: string; readonly email: string; readonly password: string };
export type SignInInput = { readonly email: string; readonly password: string };

export type SessionController = {
  readonly state: Store<SessionState>;
  /** Reads the stored session; call once at start. */
  restore(): Promise<void>;
  register(input: RegisterInput): Promise<Result<void, string>>;
  signIn(input: SignInInput): Promise<Result<void, string>>;
  signOut(): Promise<void>;
  /** Signs out because the relay no longer accepts the token, saying so on the sign-in screen. */
  expire(): Promise<void>;
};

export const tokenOf = (state: SessionState): string | undefined =>
  state.status === 'signed-in' ? state.session.token : undefined;

export function createSessionController(deps: {
  readonly state: Store<SessionState>;
  readonly sessions: SessionStore;
  readonly api: Pick<ApiClient, 'register' | 'login'>;
}): SessionController {
  const { state, sessions, api } = deps;

  const begin = async (session: Omit<Session, 'deviceName'>): Promise<void> => {
    const full: Session = { ...session, deviceName: await sessions.deviceName() };
    await sessions.save(full);
    state.set({ status: 'signed-in', session: full });
  };

  return {
    state,
    async restore() {
      try {
        const session = await sessions.load();
        state.set(session === undefined ? { status: 'signed-out' } : { status: 'signed-in', session });
      } catch (error) {
        // IndexedDB can be unavailable (private mode, storage blocked): sign in again then.
        console.warn('Sheaf: could not read the saved session', error);
        state.set({ status: 'signed-out' });
      }
    },

    async register(input) {
      const reply = await api.register(input);
      if (!reply.ok) return err(reply.error.message);
      const { userId, token, driveUrl, rootFolderId } = reply.value;
      await begin({ userId, token, driveUrl, rootFolderId, email: input.email.trim(), name: input.name.trim() });
      return ok(undefined);
    },

    async signIn(input) {
      const reply = await api.login(input);
      if (!reply.ok) return err(reply.error.message);
      const { userId, token, driveUrl, rootFolderId, name } = reply.value;
      await begin({ userId, token, driveUrl, rootFolderId, email: input.email.trim(), name });
      return ok(undefined);
    },

    async signOut() {
      await sessions.clear();
      state.set({ status: 'signed-out' });
    },

    async expire() {
      if (state.get().status !== 'signed-in') return;
      await sessions.clear();
      state.set({ status: 'signed-out', notice: 'Your session has ended. Sign in again to keep syncing.' });
    },
  };
}
