// Account routes of seed section 4.1, minimal for the first slice (the accounts issue hardens them).
import { randomUUID } from 'node:crypto';
import { healthRoute, loginRoute, logoutRoute, registerRoute } from '@sheaf/shared/protocol/routes';
import { PROTOCOL_VERSION } from '@sheaf/shared/protocol/version';
import { FolderId } from '@sheaf/shared/ids';
import { fail } from '../http/api-error.js';
import type { Mounter } from '../http/mount.js';
import type { Accounts } from '../auth/accounts.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../auth/passwords.js';
import type { TokenIssuer } from '../auth/tokens.js';
import type { Db } from '../db/database.js';
import type { SyncServer } from '../sync/sync-server.js';

export type AuthRouteDeps = {
  readonly db: Db;
  readonly accounts: Accounts;
  readonly tokens: TokenIssuer;
  readonly sync: Pick<SyncServer, 'createDrive' | 'grantOwner' | 'discard'>;
};

const ROOT = FolderId.parse('root');
const EMAIL_TAKEN = 'an account with this email already exists';

export function mountAuthRoutes(m: Mounter, { db, accounts, tokens, sync }: AuthRouteDeps): void {
  m.mount(healthRoute, () => Promise.resolve({ status: 'ok' as const, protocolVersion: PROTOCOL_VERSION }));

  m.mount(registerRoute, async ({ body }) => {
    if (accounts.findByEmail(body.email) !== undefined) return fail('conflict', EMAIL_TAKEN);
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
    const token = await tokens.issue(userId, randomUUID());
    return { userId, token, rootFolderId: ROOT, driveUrl: drive.url };
  });

  m.mount(loginRoute, async ({ body }) => {
    const user = accounts.findByEmail(body.email);
    // Same work and same answer whether or not the email exists, so login does not reveal accounts.
    const valid = await verifyPassword(body.password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (user === undefined || !valid) return fail('unauthorized', 'wrong email or password');
    const token = await tokens.issue(user.id, randomUUID());
    const refreshToken = accounts.issueRefreshToken(user.id);
    return { userId: user.id, token, refreshToken, name: user.name, rootFolderId: ROOT, driveUrl: user.driveUrl };
  });

  m.mount(logoutRoute, ({ caller }) => {
    accounts.revokeAccessToken(caller.tokenId, caller.expiresAt);
    return Promise.resolve({ success: true as const });
  });
}
