// Refresh-token rotation against a real SQLite file: one use each, a copy used twice revokes the
// device, and a retry of a lost answer within REFRESH_RETRY_MS is not mistaken for a copy.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateAutomergeUrl } from '@automerge/automerge-repo';
import { DocUrl, type UserId } from '@sheaf/shared/ids';
import { openDatabase, type Db } from '../db/database.js';
import { createAccounts } from './accounts.js';
import { createSessions, REFRESH_RETRY_MS, type Sessions } from './sessions.js';

let dir: string;
let db: Db;
let now = Date.UTC(2026, 10, 25);
const clock = { now: () => now };
const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
let sessions: Sessions;
let userId: UserId;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sheaf-sessions-'));
  db = openDatabase(join(dir, 'sheaf.sqlite'));
  const accounts = createAccounts(db, clock, random);
  userId = accounts.newUserId();
  accounts.createUser({
    id: userId,
    email: 'a@example.test',
    name: 'A',
    passwordHash: 'x',
    driveUrl: DocUrl.parse(generateAutomergeUrl()),
  });
  sessions = createSessions(db, clock, random);
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const signIn = (): { id: string; token: string } => {
  const session = sessions.open(userId, { name: 'Laptop', platform: 'Linux' });
  return { id: session.id, token: sessions.issueRefreshToken(session) };
};

describe('refresh tokens', () => {
  it('rotate on every use', () => {
    const { token } = signIn();
    const first = sessions.rotate(token);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const second = sessions.rotate(first.value.refreshToken);
    expect(second.ok).toBe(true);
  });

  it('revoke the device when a used token comes back after the retry window', () => {
    const { id, token } = signIn();
    expect(sessions.rotate(token).ok).toBe(true);
    now += REFRESH_RETRY_MS + 1;
    const again = sessions.rotate(token);
    expect(again.ok ? 'ok' : again.error.kind).toBe('reused');
    expect(sessions.live(id)).toBeUndefined();
  });

  it('take a retry of a lost answer: the unsent successor is replaced, and only the new one works', () => {
    const { id, token } = signIn();
    const lost = sessions.rotate(token);
    if (!lost.ok) throw new Error('first rotation failed');
    now += 5_000;
    const retried = sessions.rotate(token);
    expect(retried.ok).toBe(true);
    if (!retried.ok) return;
    expect(retried.value.refreshToken).not.toBe(lost.value.refreshToken);
    expect(sessions.live(id)).toBeDefined();
    // The new successor works; the lost one no longer does, and presenting it reads as theft.
    expect(sessions.rotate(retried.value.refreshToken).ok).toBe(true);
    const stale = sessions.rotate(lost.value.refreshToken);
    expect(stale.ok ? 'ok' : stale.error.kind).toBe('reused');
    expect(sessions.live(id)).toBeUndefined();
  });

  it('treat a retry as theft once the successor has been used', () => {
    const { id, token } = signIn();
    const first = sessions.rotate(token);
    if (!first.ok) throw new Error('first rotation failed');
    expect(sessions.rotate(first.value.refreshToken).ok).toBe(true);
    now += 1_000;
    const replay = sessions.rotate(token);
    expect(replay.ok ? 'ok' : replay.error.kind).toBe('reused');
    expect(sessions.live(id)).toBeUndefined();
  });

  it('do not let retries stretch the window', () => {
    const { token } = signIn();
    expect(sessions.rotate(token).ok).toBe(true);
    now += REFRESH_RETRY_MS - 1_000;
    expect(sessions.rotate(token).ok).toBe(true);
    now += 2_000;
    const late = sessions.rotate(token);
    expect(late.ok ? 'ok' : late.error.kind).toBe('reused');
  });
});
