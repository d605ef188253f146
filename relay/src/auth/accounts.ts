// Users and refresh tokens in SQLite. Refresh tokens are stored only as their SHA-256, so a copy of
// the database does not let anyone sign in.
import { createHash, randomBytes } from 'node:crypto';
import { DocUrl, UserId, newUserId, type RandomBytes } from '@sheaf/shared/ids';
import { type Result, err, ok } from '@sheaf/shared/result';
import type { Db } from '../db/database.js';
import type { Clock } from '../clock.js';

export type UserRow = {
  readonly id: UserId;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
  readonly driveUrl: DocUrl;
};

const REFRESH_TTL_MS = 30 * 24 * 3600 * 1000;

export type Accounts = ReturnType<typeof createAccounts>;

export function createAccounts(db: Db, clock: Clock, random: RandomBytes) {
  const insertUser = db.prepare(
    'INSERT INTO users (id, email, name, password_hash, drive_url, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const byEmail = db.prepare<
    [string],
    { id: string; email: string; name: string; password_hash: string; drive_url: string }
  >('SELECT id, email, name, password_hash, drive_url FROM users WHERE email = ?');
  const insertRefresh = db.prepare(
    'INSERT INTO refresh_tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  );
  const revokeToken = db.prepare('INSERT OR IGNORE INTO revoked_tokens (jti, expires_at) VALUES (?, ?)');
  const isRevoked = db.prepare<[string], { jti: string }>('SELECT jti FROM revoked_tokens WHERE jti = ?');

  const toRow = (r: {
    id: string;
    email: string;
    name: string;
    password_hash: string;
    drive_url: string;
  }): UserRow => ({
    id: UserId.parse(r.id),
    email: r.email,
    name: r.name,
    passwordHash: r.password_hash,
    driveUrl: DocUrl.parse(r.drive_url),
  });

  return {
    newUserId: (): UserId => newUserId(random),

    /** Inserts the user; `conflict` when the email is taken (checked by the UNIQUE constraint, not a race-prone read). */
    createUser(user: Omit<UserRow, never>): Result<UserRow, 'email_taken'> {
      try {
        insertUser.run(user.id, user.email, user.name, user.passwordHash, user.driveUrl, clock.now());
        return ok(user);
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return err('email_taken');
        throw error;
      }
    },

    findByEmail(email: string): UserRow | undefined {
      const row = byEmail.get(email);
      return row && toRow(row);
    },

    issueRefreshToken(userId: UserId): string {
      const token = randomBytes(32).toString('base64url');
      const hash = createHash('sha256').update(token).digest('hex');
      insertRefresh.run(hash, userId, clock.now(), clock.now() + REFRESH_TTL_MS);
      return token;
    },

    revokeAccessToken(tokenId: string, expiresAt: number): void {
      revokeToken.run(tokenId, expiresAt);
    },

    isAccessTokenRevoked(tokenId: string): boolean {
      return isRevoked.get(tokenId) !== undefined;
    },
  };
}
