// The audit log: security events per user in one hash chain (see sql/09-audit.sql). The user id is
// kept as text, not a foreign key: the record of what happened outlives what it happened to.
import { createHash } from 'node:crypto';
import type { UserId } from '@sheaf/shared/ids';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';

export type AuditKind =
  | 'signed_up'
  | 'signed_in'
  | 'sign_in_failed'
  | 'signed_out'
  | 'device_revoked'
  | 'refresh_token_reused'
  | 'trashed'
  | 'purged';

export type AuditDetail = Readonly<Record<string, string | number | boolean>>;

export type AuditEvent = {
  readonly seq: number;
  readonly at: number;
  readonly kind: AuditKind;
  readonly detail: AuditDetail;
};

export type Audit = {
  record(userId: UserId, kind: AuditKind, detail?: AuditDetail): void;
  /**
   * Up to `limit` of the user's events with a seq above `after`: oldest first, or when `before` is
   * given, those below it too, newest first.
   */
  page(userId: UserId, after: number, limit: number, before?: number): { events: AuditEvent[]; hasMore: boolean };
  /** Walks the whole chain: the first row whose hash does not follow, or undefined when all do. */
  verify(): { readonly brokenAt: number } | undefined;
};

const GENESIS = '0'.repeat(64);

const hashOf = (prev: string, userId: string, at: number, kind: string, detail: string): string =>
  createHash('sha256')
    .update(JSON.stringify([prev, userId, at, kind, detail]))
    .digest('hex');

type Row = { seq: number; user_id: string; at: number; kind: string; detail: string; prev_hash: string; hash: string };

export function createAudit(db: Db, clock: Clock): Audit {
  const last = db.prepare<[], { hash: string }>('SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO audit_events (user_id, at, kind, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const pageRows = db.prepare<[string, number, number], Row>(
    'SELECT * FROM audit_events WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const pageBackRows = db.prepare<[string, number, number, number], Row>(
    'SELECT * FROM audit_events WHERE user_id = ? AND seq > ? AND seq < ? ORDER BY seq DESC LIMIT ?',
  );
  const all = db.prepare<[], Row>('SELECT * FROM audit_events ORDER BY seq');
  // Reading the chain's end and appending are one transaction: two events never share a predecessor.
  const append = db.transaction((userId: string, kind: AuditKind, detail: string) => {
    const prev = last.get()?.hash ?? GENESIS;
    const at = clock.now();
    insert.run(userId, at, kind, detail, prev, hashOf(prev, userId, at, kind, detail));
  });

  return {
    record(userId, kind, detail = {}) {
      append(userId, kind, JSON.stringify(detail));
    },
    page(userId, after, limit, before) {
      const rows =
        before === undefined
          ? pageRows.all(userId, after, limit + 1)
          : pageBackRows.all(userId, after, before, limit + 1);
      const events = rows.slice(0, limit).map((r) => ({
        seq: r.seq,
        at: r.at,
        kind: r.kind as AuditKind,
        detail: JSON.parse(r.detail) as AuditDetail,
      }));
      return { events, hasMore: rows.length > limit };
    },
    verify() {
      let prev = GENESIS;
      for (const row of all.iterate()) {
        if (row.prev_hash !== prev || row.hash !== hashOf(prev, row.user_id, row.at, row.kind, row.detail)) {
          return { brokenAt: row.seq };
        }
        prev = row.hash;
      }
      return undefined;
    },
  };
}
