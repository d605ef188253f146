// Account routes of seed section 4.1, minimal for the first slice (the accounts issue hardens them).
import { randomUUID } from 'node:crypto';
import { healthRoute, loginRoute, logoutRoute, refreshRoute, registerRoute } from '@sheaf/shared/protocol/routes';
import type { DeviceInfo } from '@sheaf/shared/protocol/auth-register';
import { PROTOCOL_VERSION } from '@sheaf/shared/protocol/version';
import { FolderId } from '@sheaf/shared/ids';
import { fail } from '../http/api-error.js';
import type { Mounter } from '../http/mount.js';
import type { Accounts } from '../auth/accounts.js';
import { weakPasswordReason } from '../auth/common-passwords.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../auth/passwords.js';
import type { TokenIssuer } from '../auth/tokens.js';
import type { Session, Sessions } from '../auth/sessions.js';
import type { RateLimits } from '../http/rate-limits.js';
import type { Audit } from '../auth/audit.js';
import type { Db } from '../db/database.js';
import type { SyncServer } from '../sync/sync-server.js';

export type AuthRouteDeps = {
  readonly db: Db;
  readonly accounts: Accounts;
  readonly tokens: TokenIssuer;
  readonly sessions: Sessions;
  readonly limits: Pick<
    RateLimits,
    'signInAllowed' | 'signInFailed' | 'signInSucceeded' | 'probeAllowed' | 'probeFailed'
  >;
  readonly audit: Audit;
  readonly sync: Pick<SyncServer, 'createDrive' | 'grantOwner' | 'discard'>;
};

const ROOT = FolderId.parse('root');
const EMAIL_TAKEN = 'an account with this email already exists';

/** A client that does not describe itself is listed by what its User-Agent says. */
function deviceOf(given: DeviceInfo | undefined, userAgent: string): DeviceInfo {
  return given ?? { name: 'Unnamed device', platform: userAgent.trim().slice(0, 100) || 'unknown' };
}

export function mountAuthRoutes(
  m: Mounter,
  { db, accounts, tokens, sessions, sync, limits, audit }: AuthRouteDeps,
): void {
  const signIn = async (
    session: Session,
  ): Promise<{ token: string; refreshToken: string; deviceId: Session['id'] }> => ({
    token: await tokens.issue(session.userId, session.id, randomUUID()),
    refreshToken: sessions.issueRefreshToken(session),
    deviceId: session.id,
  });

  m.mount(healthRoute, () => Promise.resolve({ status: 'ok' as const, protocolVersion: PROTOCOL_VERSION }));

  m.mount(registerRoute, async ({ ctx, body }) => {
    // Checked before the email, so that the answer for a weak password says nothing about the account.
    const weak = weakPasswordReason(body.password, body);
    if (weak !== undefined) return fail('bad_request', weak);
    // Sign-up must say when an email is taken (there is no mail to send instead), so finding out is
    // rationed: each "taken" counts as a failed sign-in of the network, and past the limit sign-ups
    // from it wait like sign-ins do. Enumerating emails is then as slow as guessing passwords.
    const slowed = await limits.probeAllowed(ctx.ip);
    if (slowed !== undefined) return slowed;
    if (accounts.findByEmail(body.email) !== undefined) {
      await limits.probeFailed(ctx.ip);
      return fail('conflict', EMAIL_TAKEN);
    }
    const userId = accounts.newUserId();
    const passwordHash = await hashPassword(body.password);
    const drive = await sync.createDrive();
    // The account and its drive's ownership appear together or not at all.
    const created = db.transaction(() => {
      const result = accounts.createUser({
        id: userId,
        email: body.email,
        name: body.name,
        passwordHash,
        driveUrl: drive.url,
      });
      if (result.ok) sync.grantOwner(drive.documentId, userId, 'drive');
      return result;
    })();
    if (!created.ok) {
      sync.discard(drive.documentId);
      return fail('conflict', EMAIL_TAKEN);
    }
    const session = sessions.open(userId, deviceOf(body.device, ctx.get('user-agent')));
    audit.record(userId, 'signed_up', { deviceId: session.id, device: session.name, ip: ctx.ip });
    return { userId, ...(await signIn(session)), rootFolderId: ROOT, driveUrl: drive.url };
  });

  m.mount(loginRoute, async ({ ctx, body }) => {
    const slowed = await limits.signInAllowed(body.email, ctx.ip);
    if (slowed !== undefined) return slowed;
    const user = accounts.findByEmail(body.email);
    // Same work and same answer whether or not the email exists, so login does not reveal accounts.
    const valid = await verifyPassword(body.password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (user === undefined || !valid) {
      await limits.signInFailed(body.email, ctx.ip);
      if (user !== undefined) audit.record(user.id, 'sign_in_failed', { ip: ctx.ip });
      return fail('unauthorized', 'wrong email or password');
    }
    await limits.signInSucceeded(body.email);
    const session = sessions.open(user.id, deviceOf(body.device, ctx.get('user-agent')));
    audit.record(user.id, 'signed_in', { deviceId: session.id, device: session.name, ip: ctx.ip });
    return {
      userId: user.id,
      ...(await signIn(session)),
      name: user.name,
      rootFolderId: ROOT,
      driveUrl: user.driveUrl,
    };
  });

  m.mount(logoutRoute, ({ caller }) => {
    sessions.revoke(caller.userId, caller.sessionId);
    audit.record(caller.userId, 'signed_out', { deviceId: caller.sessionId });
    return Promise.resolve({ success: true as const });
  });

  m.mount(refreshRoute, async ({ ctx, body }) => {
    const rotated = sessions.rotate(body.refreshToken);
    if (!rotated.ok) {
      if (rotated.error.kind === 'reused') {
        const { session } = rotated.error;
        audit.record(session.userId, 'refresh_token_reused', { deviceId: session.id, ip: ctx.ip });
      }
      return fail(
        'unauthorized',
        rotated.error.kind === 'reused'
          ? 'this refresh token was already used, so this device has been signed out: sign in again'
          : 'the refresh token is invalid or expired: sign in again',
      );
    }
    const { session, refreshToken } = rotated.value;
    return { token: await tokens.issue(session.userId, session.id, randomUUID()), refreshToken };
  });
}
