-- Security events, append-only. Each row's hash covers the previous row's hash and its own content,
-- so changing, removing or reordering a row breaks the chain from there on, which `verify` finds.
CREATE TABLE audit_events (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id   TEXT NOT NULL,
  at        INTEGER NOT NULL,
  kind      TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
) STRICT;
CREATE INDEX audit_events_by_user ON audit_events (user_id, seq);
