import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserId } from '@sheaf/shared/ids';
import { openDatabase, type Db } from '../db/database.js';
import { createAudit, type Audit } from './audit.js';

const alice = UserId.parse(`u_${'a'.repeat(32)}`);
const bob = UserId.parse(`u_${'b'.repeat(32)}`);

describe('audit log', () => {
  let dir: string;
  let db: Db;
  let audit: Audit;
  let now = 1_000;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sheaf-audit-'));
    db = openDatabase(join(dir, 'relay.sqlite'));
    audit = createAudit(db, { now: () => now++ });
    audit.record(alice, 'signed_up', { deviceId: 'd_1' });
    audit.record(bob, 'signed_in', { ip: '127.0.0.1' });
    audit.record(alice, 'sign_in_failed', { ip: '10.0.0.1' });
    audit.record(alice, 'trashed', { node: 'f_1' });
  });
  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("pages one user's events in order", () => {
    const first = audit.page(alice, 0, 2);
    expect(first.events.map((e) => e.kind)).toEqual(['signed_up', 'sign_in_failed']);
    expect(first.hasMore).toBe(true);
    const rest = audit.page(alice, first.events.at(-1)?.seq ?? 0, 2);
    expect(rest.events.map((e) => [e.kind, e.detail])).toEqual([['trashed', { node: 'f_1' }]]);
    expect(rest.hasMore).toBe(false);
  });

  it("pages one user's events newest first, below `before`", () => {
    const newest = audit.page(alice, 0, 2, Number.MAX_SAFE_INTEGER);
    expect(newest.events.map((e) => e.kind)).toEqual(['trashed', 'sign_in_failed']);
    expect(newest.hasMore).toBe(true);
    const older = audit.page(alice, 0, 2, newest.events.at(-1)?.seq ?? 0);
    expect(older.events.map((e) => e.kind)).toEqual(['signed_up']);
    expect(older.hasMore).toBe(false);
    // Both bounds: only what lies between them.
    const between = audit.page(alice, 1, 5, 4);
    expect(between.events.map((e) => e.kind)).toEqual(['sign_in_failed']);
  });

  it('verifies an intact chain and finds a changed, a removed or a reordered row', () => {
    expect(audit.verify()).toBeUndefined();
    db.prepare("UPDATE audit_events SET detail = '{}' WHERE seq = 3").run();
    expect(audit.verify()).toEqual({ brokenAt: 3 });
    db.prepare('UPDATE audit_events SET detail = ? WHERE seq = 3').run(JSON.stringify({ ip: '10.0.0.1' }));
    expect(audit.verify()).toBeUndefined();
    db.prepare('DELETE FROM audit_events WHERE seq = 2').run();
    expect(audit.verify()).toEqual({ brokenAt: 3 });
  });
});
