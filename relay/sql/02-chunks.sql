-- The blob store's bookkeeping: which chunks exist, and which users hold a reference to each.
-- A user may read a chunk only through a reference of their own (later: through a readable file).
CREATE TABLE chunks (
  hash       TEXT PRIMARY KEY,
  size       INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE chunk_owners (
  hash       TEXT NOT NULL REFERENCES chunks(hash),
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (hash, user_id)
) STRICT, WITHOUT ROWID;
