// The signed-in session's access token, kept fresh. A refused token is renewed once for everyone
// who saw it refused (single flight), and a little before the token expires it is renewed anyway.
// Refresh tokens work once and a reuse signs the device out, so the rotated pair is saved before
// anyone can use it, and renewals of the tabs of one browser take turns under a Web Lock: a tab
// that finds the saved pair newer than its own adopts it instead of spending a used one.
import type { Result } from '@sheaf/shared/result';
import type { ApiError, ApiErrorKind } from '../api/errors.js';
import { tokenTimes, type TokenTimes } from '../api/access-token.js';
import type { Locks } from '../local/actor.js';
import type { Tokens } from '../local/session.js';

/** `exclusive` over a Web Lock shared by the tabs of this browser, or directly where there are none. */
export function lockedRenewals(locks: Locks | undefined): TokenKeeperDeps['exclusive'] {
  return (task) => (locks === undefined ? task() : locks.request('sheaf-session-tokens', () => task()));
}

export type TokenKeeperDeps = {
  /** Asks the relay for the next pair. */
  readonly exchange: (refreshToken: string) => Promise<Result<Required<Tokens>, ApiError>>;
  /** The pair saved on this device now: another tab of this browser may have renewed it. */
  readonly loadSaved: () => Promise<Tokens | undefined>;
  readonly save: (tokens: Tokens) => Promise<void>;
  /** Runs `task` while no other tab of this browser runs one (a Web Lock), or directly. */
  readonly exclusive: <T>(task: () => Promise<T>) => Promise<T>;
  readonly now: () => number;
  readonly setTimer: (run: () => void, ms: number) => () => void;
  /** The relay refused to renew: the device was signed out, or its refresh token ran out. */
  readonly onRefused: () => void;
};

export type TokenKeeper = {
  /** The access token to send now; undefined when signed out. */
  token(): string | undefined;
  /**
   * Keeps `tokens` from now on: `fresh` when the relay just issued them (a sign-in), so that their
   * issue time tells how far this device's clock is from the relay's; not for a restored session.
   */
  start(tokens: Tokens, fresh: boolean): void;
  /** Forgets the tokens; a renewal still running is dropped. */
  stop(): void;
  /**
   * The relay refused `rejected`: resolves true once a newer token is there to retry with. Calls
   * that see the same token refused share one renewal.
   */
  renew(rejected: string): Promise<boolean>;
};

/** Renew this long before the token expires (less for a short-lived token: a fifth of its life). */
export const RENEW_LEAD_MS = 60_000;
/** After a renewal that could not reach the relay, try again after this long, doubling up to the max. */
export const RETRY_MIN_MS = 15_000;
export const RETRY_MAX_MS = 5 * 60_000;
/** The least time between a renewal and the next one planned, whatever a token says. */
export const MIN_RENEW_GAP_MS = 5_000;
/** setTimeout's longest delay; a later due time is reached by waking up and looking again. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type Outcome =
  /** `fresh`: from the relay just now, rather than adopted from another tab. */
  | { readonly kind: 'renewed'; readonly tokens: Tokens; readonly fresh: boolean }
  | { readonly kind: 'refused' | 'unreachable' | 'stopped' };

/** Kinds with which the relay says this refresh token will never work: sign in again. */
const REFUSALS: ReadonlySet<ApiErrorKind> = new Set<ApiErrorKind>(['unauthorized', 'bad_request', 'forbidden']);

export function createTokenKeeper(deps: TokenKeeperDeps): TokenKeeper {
  /** `times` are on this device's clock. */
  let held: { readonly tokens: Tokens; readonly times: TokenTimes | undefined } | undefined;
  /**
   * How far the relay's clock is ahead of this device's, learnt from the issue time of each fresh
   * token: a device whose clock is hours off would otherwise see every token as expired (and renew
   * it again at once, for ever) or never renew before the relay refuses.
   */
  let relayAhead = 0;
  /** Bumped by start and stop: a renewal begun under an older one is dropped. */
  let generation = 0;
  let inFlight: Promise<Outcome> | undefined;
  let cancelTimer: (() => void) | undefined;
  let retryMs = RETRY_MIN_MS;
  /** The last renewal could not reach the relay: the retry timer, not every request, tries again. */
  let backingOff = false;

  const keep = (tokens: Tokens, fresh: boolean): void => {
    const times = tokenTimes(tokens.token);
    if (fresh && times?.issuedAt !== undefined) relayAhead = times.issuedAt - deps.now();
    const local =
      times === undefined
        ? undefined
        : times.issuedAt === undefined
          ? { expiresAt: times.expiresAt - relayAhead }
          : { expiresAt: times.expiresAt - relayAhead, issuedAt: times.issuedAt - relayAhead };
    held = { tokens, times: local };
  };

  /** When to renew the held token ahead of its expiry, or undefined when it cannot be renewed. */
  const dueAt = (): number | undefined => {
    if (held?.tokens.refreshToken === undefined || held.times === undefined) return undefined;
    const { expiresAt, issuedAt } = held.times;
    const lead = issuedAt === undefined ? RENEW_LEAD_MS : Math.min(RENEW_LEAD_MS, (expiresAt - issuedAt) / 5);
    return expiresAt - lead;
  };

  const arm = (ms: number, run: () => void): void => {
    cancelTimer?.();
    cancelTimer = deps.setTimer(
      () => {
        cancelTimer = undefined;
        run();
      },
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
  };
  /** Arms the timer for the held token's renewal ahead of its expiry, at least `gap` from now. */
  const schedule = (gap = 0): void => {
    cancelTimer?.();
    cancelTimer = undefined;
    const due = dueAt();
    if (due !== undefined) arm(Math.max(due - deps.now(), gap), onDue);
  };
  function onDue(): void {
    const due = dueAt();
    if (due === undefined) return;
    if (deps.now() < due) schedule();
    else void renewNow();
  }

  /** Whether an access token is good for a while yet, by the relay's clock as far as known. */
  const goodForNow = (token: string): boolean => {
    const times = tokenTimes(token);
    return times === undefined || times.expiresAt - relayAhead > deps.now() + MIN_RENEW_GAP_MS;
  };

  const attempt = async (generationAtStart: number, held: Tokens): Promise<Outcome> => {
    const saved = await deps.loadSaved();
    if (generationAtStart !== generation) return { kind: 'stopped' };
    let spent = held;
    if (saved?.refreshToken !== undefined && saved.refreshToken !== held.refreshToken) {
      // Another tab renewed: its pair is the newest, and ours is used up.
      if (goodForNow(saved.token)) return { kind: 'renewed', tokens: saved, fresh: false };
      spent = saved;
    }
    if (spent.refreshToken === undefined) return { kind: 'refused' };
    const reply = await deps.exchange(spent.refreshToken);
    if (generationAtStart !== generation) return { kind: 'stopped' };
    if (!reply.ok) return { kind: REFUSALS.has(reply.error.kind) ? 'refused' : 'unreachable' };
    // Saved before the lock is let go and before anyone is told: the old refresh token is spent.
    await deps.save(reply.value);
    return { kind: 'renewed', tokens: reply.value, fresh: true };
  };

  const settle = (generationAtStart: number, outcome: Outcome): void => {
    if (generationAtStart !== generation) return;
    switch (outcome.kind) {
      case 'renewed':
        keep(outcome.tokens, outcome.fresh);
        retryMs = RETRY_MIN_MS;
        backingOff = false;
        schedule(MIN_RENEW_GAP_MS);
        return;
      case 'unreachable':
        // Offline or the relay is down: the token may still be good for a while; try again later.
        backingOff = true;
        arm(retryMs, () => void renewNow());
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        return;
      case 'refused':
        cancelTimer?.();
        cancelTimer = undefined;
        deps.onRefused();
        return;
      case 'stopped':
        return;
    }
  };

  const run = async (): Promise<Outcome> => {
    const generationAtStart = generation;
    const spent = held?.tokens;
    if (spent === undefined) return { kind: 'stopped' };
    let outcome: Outcome;
    try {
      outcome = await deps.exclusive(() => attempt(generationAtStart, spent));
    } catch (error) {
      // Storage failing under us (IndexedDB closed); the next request or timer tries again.
      console.warn('Sheaf: could not renew the session', error);
      outcome = { kind: 'unreachable' };
    }
    settle(generationAtStart, outcome);
    return outcome;
  };

  const renewNow = (): Promise<Outcome> => {
    if (inFlight !== undefined) return inFlight;
    const running = run().finally(() => {
      if (inFlight === running) inFlight = undefined;
    });
    inFlight = running;
    return running;
  };

  return {
    token() {
      if (held === undefined) return undefined;
      // Timers stand still while the computer sleeps: a token found expired on waking is renewed
      // now, so that the next request or socket retry carries a good one.
      const expired = held.times !== undefined && deps.now() >= held.times.expiresAt;
      if (expired && inFlight === undefined && !backingOff) {
        if (dueAt() !== undefined) void renewNow();
      }
      return held.tokens.token;
    },
    start(tokens, fresh) {
      generation += 1;
      inFlight = undefined;
      retryMs = RETRY_MIN_MS;
      backingOff = false;
      keep(tokens, fresh);
      schedule();
    },
    stop() {
      generation += 1;
      inFlight = undefined;
      held = undefined;
      cancelTimer?.();
      cancelTimer = undefined;
    },
    async renew(rejected) {
      if (held === undefined) return false;
      // Someone else's renewal already replaced the refused token: retry with the new one.
      if (held.tokens.token !== rejected) return true;
      const outcome = await renewNow();
      return outcome.kind === 'renewed';
    },
  };
}
