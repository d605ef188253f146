-- automerge-repo's storage: binary values under composite keys, read back by key prefix.
-- The key is joined with a NUL-free separator so that a prefix range is one index scan.
CREATE TABLE automerge_chunks (
  key  TEXT PRIMARY KEY,
  data BLOB NOT NULL
) STRICT, WITHOUT ROWID;

-- Who owns each document: the relay answers automerge-repo's per-message access checks from memory,
-- loaded from here at start.
CREATE TABLE documents (
  document_id TEXT PRIMARY KEY,
  owner_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;
