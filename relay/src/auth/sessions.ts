// Signed-in devices ("sessions") and their refresh tokens. An access token names its session (the
// `sid` claim) and is accepted only while the session lives, so revoking a session ends every token
// it holds at once; listeners close its sockets. Refresh tokens are stored only as SHA-256, used
// once, and a second use of one revokes its session: someone else holds a copy. The one exception is
// a retry within REFRESH_RETRY_MS whose successor was never used: the answer was lost on the way, so
// that successor is revoked and a new one issued (if a thief was the one retrying, the real device's
// next refresh presents the revoked successor, and that revokes the session after all).
import { createHash } from 'node:crypto';
import { DeviceId, newDeviceId, type RandomBytes, type UserId } from '@sheaf/shared/ids';
import { err, ok, type Result } from '@sheaf/shared/result';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';

export const REFRESH_TTL_MS = 30 * 24 * 3600 * 1000;
/** How long after a refresh the same token may be sent again because the answer was lost. */
export const REFRESH_RETRY_MS = 30_000;
/** last_seen_at is written at most this often per session: a guide for people, not a hot write. */
const SEEN_EVERY_MS = 60_000;

export type Session = {
  readonly id: DeviceId;
  readonly userId: UserId;
  readonly name: string;
  readonly platform: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
};

/** `reused`: the token had been used before, so its session is now revoked. */
export type RefreshError = { readonly kind: 'invalid' } | { readonly kind: 'reused'; readonly session: Session };

export type Sessions = {
  open(userId: UserId, device: { readonly name: string; readonly platform: string }): Session;
  /** The live session with this id, or undefined when it is unknown or revoked. */
  live(id: string): Session | undefined;
  /** Records that the session was just used. */
  seen(id: DeviceId): void;
  list(userId: UserId): Session[];
  /** Revokes a live session of `userId`; false when there is none with this id. */
  revoke(userId: UserId, id: DeviceId): boolean;
  onRevoked(listener: (id: DeviceId) => void): () => void;
  issueRefreshToken(session: Session): string;
  /** Uses a refresh token: its successor and the session, or why not. */
  rotate(token: string): Result<{ session: Session; refreshToken: string }, RefreshError>;
};

type SessionRowDb = {
  id: string;
  user_id: string;
  name: string;
  platform: string;
  created_at: number;
  last_seen_at: number;
};

const toSession = (r: SessionRowDb): Session => ({
  id: r.id as DeviceId,
  userId: r.user_id as UserId,
  name: r.name,
  platform: r.platform,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
});

const INVALID: RefreshError = { kind: 'invalid' };

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

export function createSessions(db: Db, clock: Clock, random: RandomBytes): Sessions {
  const insert = db.prepare(
    'INSERT INTO sessions (id, user_id, name, platform, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const liveById = db.prepare<[string], SessionRowDb>(
    'SELECT id, user_id, name, platform, created_at, last_seen_at FROM sessions WHERE id = ? AND revoked_at IS NULL',
  );
  const liveOfUser = db.prepare<[string], SessionRowDb>(
    `SELECT id, user_id, name, platform, created_at, last_seen_at FROM sessions
     WHERE user_id = ? AND revoked_at IS NULL ORDER BY last_seen_at DESC`,
  );
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?');
  const revokeRow = db.prepare(
    'UPDATE sessions SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL',
  );
  const insertRefresh = db.prepare(
    'INSERT INTO refresh_tokens (token_hash, user_id, session_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  );
  const refreshRow = db.prepare<
    [string],
    {
      user_id: string;
      session_id: string | null;
      expires_at: number;
      used_at: number | null;
      revoked_at: number | null;
      successor_hash: string | null;
    }
  >(
    'SELECT user_id, session_id, expires_at, used_at, revoked_at, successor_hash FROM refresh_tokens WHERE token_hash = ?',
  );
  const markUsed = db.prepare(
    'UPDATE refresh_tokens SET used_at = ?, successor_hash = ? WHERE token_hash = ? AND (used_at IS NULL OR used_at = ?)',
  );
  const revokeOne = db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL');
  const revokeFamily = db.prepare(
    'UPDATE refresh_tokens SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL',
  );
  const listeners = new Set<(id: DeviceId) => void>();

  const newRefreshToken = (session: Session): string => {
    const token = Buffer.from(random(32)).toString('base64url');
    const now = clock.now();
    insertRefresh.run(hashOf(token), session.userId, session.id, now, now + REFRESH_TTL_MS);
    return token;
  };

  /** Whether a second use of a token is the retry of a lost answer rather than a stolen copy. */
  const isLostAnswerRetry = (row: {
    used_at: number | null;
    revoked_at: number | null;
    successor_hash: string | null;
  }): boolean => {
    if (row.used_at === null || row.revoked_at !== null || row.successor_hash === null) return false;
    if (clock.now() - row.used_at > REFRESH_RETRY_MS) return false;
    const successor = refreshRow.get(row.successor_hash);
    return successor !== undefined && successor.used_at === null && successor.revoked_at === null;
  };

  const revoke = (userId: UserId, id: DeviceId): boolean => {
    const now = clock.now();
    const done = db.transaction(() => {
      const changed = revokeRow.run(now, id, userId).changes > 0;
      if (changed) revokeFamily.run(now, id);
      return changed;
    })();
    if (done) for (const listener of [...listeners]) listener(id);
    return done;
  };

  const rotate = db.transaction((token: string): Result<{ session: Session; refreshToken: string }, RefreshError> => {
    const hash = hashOf(token);
    const row = refreshRow.get(hash);
    if (row === undefined || row.session_id === null || row.expires_at <= clock.now()) return err(INVALID);
    const session = liveById.get(row.session_id);
    if (session === undefined) return err(INVALID);
    const live = toSession(session);
    const retry = isLostAnswerRetry(row);
    if (!retry && (row.used_at !== null || row.revoked_at !== null)) return err({ kind: 'reused', session: live });
    // The successor sent in the lost answer is revoked: only the one issued now is good.
    if (retry && row.successor_hash !== null) revokeOne.run(clock.now(), row.successor_hash);
    const successor = newRefreshToken(live);
    // A retry keeps the first use's time, so retrying cannot stretch the window.
    markUsed.run(row.used_at ?? clock.now(), hashOf(successor), hash, row.used_at ?? -1);
    return ok({ session: live, refreshToken: successor });
  });

  return {
    open(userId, device) {
      const now = clock.now();
      const session: Session = {
        id: newDeviceId(random),
        userId,
        name: device.name,
        platform: device.platform,
        createdAt: now,
        lastSeenAt: now,
      };
      insert.run(session.id, userId, session.name, session.platform, now, now);
      return session;
    },
    live(id) {
      const parsed = DeviceId.safeParse(id);
      if (!parsed.success) return undefined;
      const row = liveById.get(parsed.data);
      return row === undefined ? undefined : toSession(row);
    },
    seen(id) {
      const now = clock.now();
      touch.run(now, id, now - SEEN_EVERY_MS);
    },
    list: (userId) => liveOfUser.all(userId).map(toSession),
    revoke,
    onRevoked(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    issueRefreshToken: newRefreshToken,
    rotate(token) {
      const result = rotate(token);
      // Revoked outside the transaction so that listeners (closing sockets) run after it committed.
      if (!result.ok && result.error.kind === 'reused') revoke(result.error.session.userId, result.error.session.id);
      return result;
    },
  };
}
