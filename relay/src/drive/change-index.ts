// The change feed's table: every drive operation the relay has seen, numbered in the order recorded.
// Readers page by that number, so a reader never skips or repeats a change: the relay is the only
// writer and SQLite serialises transactions, so a change that commits later always gets a larger
// number than every change a reader could already have seen. Recording is idempotent per drive.
import type { UserId } from '@sheaf/shared/ids';
import { decodeOp } from '@sheaf/shared/drive/drive-document';
import type { DriveOp } from '@sheaf/shared/drive/ops';
import type { Db } from '../db/database.js';

export type RecordedChange = { readonly seq: number; readonly op: DriveOp };

export type ChangePage = {
  readonly changes: readonly RecordedChange[];
  /** The seq of the last row read (even one that no longer decodes), or `after` when none was. */
  readonly last: number;
  readonly hasMore: boolean;
};

type Row = { seq: number; op_id: string; op: string };

export type ChangeIndex = {
  /**
   * Records the operations of one drive document in one transaction; answers those that were new.
   * `texts` may give operations' JSON already made (as written into the document), saving making it again.
   */
  record(documentId: string, ops: readonly DriveOp[], texts?: ReadonlyMap<DriveOp, string>): DriveOp[];
  /** Up to `limit` changes of the owner's drives with a seq above `after`, in seq order. */
  page(owner: UserId, after: number, limit: number): ChangePage;
  /** The highest seq ever handed out (0 before the first): no valid cursor is above it. */
  highestSeq(): number;
  /** The highest seq among these operations of the owner's drives; 0 when none is recorded. */
  highestSeqOf(owner: UserId, opIds: readonly string[]): number;
};

export function createChangeIndex(db: Db, now: () => number): ChangeIndex {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO drive_changes (document_id, op_id, node_id, op, recorded_at) VALUES (?, ?, ?, ?, ?)',
  );
  // One transaction per batch: a change event's operations appear in the feed together or not at all.
  const recordBatch = db.transaction(
    (documentId: string, ops: readonly DriveOp[], texts: ReadonlyMap<DriveOp, string> | undefined): DriveOp[] => {
      const at = now();
      return ops.filter(
        (op) => insert.run(documentId, op.id, op.node, texts?.get(op) ?? JSON.stringify(op), at).changes > 0,
      );
    },
  );
  const ownDrives = "SELECT document_id FROM documents WHERE owner_id = ? AND kind = 'drive'";
  const pageRows = db.prepare<[string, number, number], Row>(
    `SELECT seq, op_id, op FROM drive_changes WHERE document_id IN (${ownDrives}) AND seq > ? ORDER BY seq LIMIT ?`,
  );
  const highest = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'drive_changes'");
  const seqOf = db.prepare<[string, string], { seq: number }>(
    `SELECT seq FROM drive_changes WHERE document_id IN (${ownDrives}) AND op_id = ?`,
  );

  return {
    record: (documentId, ops, texts) => (ops.length === 0 ? [] : recordBatch(documentId, ops, texts)),

    page(owner, after, limit) {
      const rows = pageRows.all(owner, after, limit + 1);
      const hasMore = rows.length > limit;
      const kept = hasMore ? rows.slice(0, limit) : rows;
      const changes: RecordedChange[] = [];
      for (const row of kept) {
        // Written by record() from a parsed operation, one per row even when the document stores it
        // in a bundle; a row that no longer parses (a future schema) is passed over but still
        // advances the cursor, so it cannot stall a reader.
        const op = decodeOp(row.op_id, row.op);
        if (op.ok) changes.push({ seq: row.seq, op: op.value });
      }
      return { changes, last: kept.at(-1)?.seq ?? after, hasMore };
    },

    highestSeq: () => highest.get()?.seq ?? 0,

    highestSeqOf(owner, opIds) {
      let top = 0;
      for (const id of opIds) top = Math.max(top, seqOf.get(owner, id)?.seq ?? 0);
      return top;
    },
  };
}
