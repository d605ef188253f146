// Users in SQLite. Signed-in devices and their tokens are in sessions.ts.
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

export type Accounts = ReturnType<typeof createAccounts>;

export function createAccounts(db: Db, clock: Clock, random: RandomBytes) {
  const insertUser = db.prepare(
    'INSERT INTO users (id, email, name, password_hash, drive_url, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const byEmail = db.prepare<
    [string],
    { id: string; email: string; name: string; password_hash: string; drive_url: string }
  >('SELECT id, email, name, password_hash, drive_url FROM users WHERE email = ?');

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
  };
}
