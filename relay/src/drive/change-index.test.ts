// The change index on a real SQLite file: recording is idempotent per drive, paging by seq yields each
// operation once whatever the page size and however recording interleaves with reading, one owner's
// feed holds only their drives, and a seq is never handed out twice (not even after rows are deleted).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserId } from '@sheaf/shared/ids';
import { createFolder } from '@sheaf/shared/drive/drive-commands';
import { ROOT } from '@sheaf/shared/drive/node-id';
import type { DriveOp } from '@sheaf/shared/drive/ops';
import { testReplica } from '@sheaf/shared/drive/testing';
import { openDatabase, type Db } from '../db/database.js';
import { createChangeIndex, type ChangeIndex } from './change-index.js';

const alice = UserId.parse(`u_${'a'.repeat(32)}`);
const bob = UserId.parse(`u_${'b'.repeat(32)}`);

function folders(actor: string, count: number): DriveOp[] {
  const r = testReplica(actor);
  const out: DriveOp[] = [];
  for (let i = 0; i < count; i++) {
    const made = r.run((a, t) => createFolder(a, t, ROOT, `${actor} ${i}`));
    if (made.ok) out.push(...made.value);
  }
  return out;
}

describe('change index', () => {
  let dir: string;
  let db: Db;
  let index: ChangeIndex;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sheaf-change-index-'));
    db = openDatabase(join(dir, 'relay.sqlite'));
    const addUser = db.prepare(
      "INSERT INTO users (id, email, name, password_hash, drive_url, created_at) VALUES (?, ?, ?, 'x', 'automerge:1', 0)",
    );
    addUser.run(alice, 'alice@example.test', 'Alice');
    addUser.run(bob, 'bob@example.test', 'Bob');
    const addDoc = db.prepare(
      "INSERT INTO documents (document_id, owner_id, kind, created_at) VALUES (?, ?, 'drive', 0)",
    );
    addDoc.run('doc-alice', alice);
    addDoc.run('doc-bob', bob);
    index = createChangeIndex(db, () => 1_000);
  });
  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  const drain = (owner: UserId, after: number, limit: number): { ids: string[]; last: number } => {
    const ids: string[] = [];
    let at = after;
    for (;;) {
      const page = index.page(owner, at, limit);
      ids.push(...page.changes.map((c) => c.op.id));
      at = page.last;
      if (!page.hasMore) return { ids, last: at };
    }
  };

  it('records an operation once per drive, however often it is seen', () => {
    const ops = folders('alpha', 5);
    expect(index.record('doc-alice', ops)).toHaveLength(5);
    expect(index.record('doc-alice', ops)).toHaveLength(0);
    expect(index.record('doc-alice', [...ops].reverse())).toHaveLength(0);
    // The same operation id in another drive is another change.
    expect(index.record('doc-bob', ops.slice(0, 1))).toHaveLength(1);
    expect(drain(alice, 0, 2).ids).toEqual(ops.map((op) => op.id));
    expect(drain(bob, 0, 2).ids).toEqual([ops[0]?.id]);
  });

  it('pages exactly once under any interleaving of recording and reading', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ write: fc.integer({ min: 0, max: 4 }) }),
            fc.record({ read: fc.integer({ min: 1, max: 5 }) }),
          ),
          {
            maxLength: 40,
          },
        ),
        (steps) => {
          db.prepare('DELETE FROM drive_changes').run();
          const pool = folders('w', 4 * steps.length + 1);
          let written = 0;
          const read: string[] = [];
          let cursor = index.highestSeq();
          for (const step of steps) {
            if ('write' in step) {
              // Re-recording something already written is part of the mix (a reload, a resync).
              const batch = pool.slice(written, written + step.write);
              index.record('doc-alice', [...batch, ...pool.slice(0, Math.min(written, 1))]);
              written += batch.length;
            } else {
              const page = index.page(alice, cursor, step.read);
              read.push(...page.changes.map((c) => c.op.id));
              cursor = page.last;
            }
          }
          read.push(...drain(alice, cursor, 3).ids);
          expect(read).toEqual(pool.slice(0, written).map((op) => op.id));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('shows an owner only their own drives', () => {
    index.record('doc-alice', folders('a', 3));
    index.record('doc-bob', folders('b', 2));
    expect(drain(alice, 0, 10).ids.every((id) => id.endsWith('@a'))).toBe(true);
    expect(drain(bob, 0, 10).ids).toHaveLength(2);
    expect(index.highestSeqOf(bob, drain(alice, 0, 10).ids)).toBe(0);
  });

  it('never hands out a seq twice, even after the highest rows are deleted', () => {
    index.record('doc-alice', folders('x', 3));
    const highest = index.highestSeq();
    db.prepare('DELETE FROM drive_changes').run();
    index.record('doc-alice', folders('y', 1));
    expect(index.page(alice, highest, 10).changes).toHaveLength(1);
    expect(index.highestSeq()).toBe(highest + 1);
  });
});
