-- People other than the owner who may open a document, and what they may do with it. Sharing gives
-- these out; the relay answers automerge-repo's per-message checks from memory, loaded from here.
CREATE TABLE document_members (
  document_id TEXT NOT NULL REFERENCES documents(document_id) ON DELETE CASCADE,
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role        TEXT NOT NULL CHECK (role IN ('editor', 'commenter', 'viewer')),
  granted_at  INTEGER NOT NULL,
  PRIMARY KEY (document_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX document_members_by_user ON document_members (user_id);
