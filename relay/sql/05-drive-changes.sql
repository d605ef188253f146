-- The change feed: every drive operation the relay has seen, numbered in the order it was recorded.
-- `seq` is the feed's cursor. AUTOINCREMENT, because a plain INTEGER PRIMARY KEY may hand out a number
-- again after the highest row is deleted (an account removed), and a reader holding that number
-- would then skip the new change; AUTOINCREMENT never reuses one. An operation is recorded once per
-- drive (UNIQUE), so recording the same operation again (a reload, a resync) is a no-op.
CREATE TABLE drive_changes (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id TEXT NOT NULL REFERENCES documents(document_id) ON DELETE CASCADE,
  op_id       TEXT NOT NULL,
  node_id     TEXT NOT NULL,
  op          TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  UNIQUE (document_id, op_id)
) STRICT;

CREATE INDEX drive_changes_by_document ON drive_changes (document_id, seq);
