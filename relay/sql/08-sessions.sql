-- A signed-in device: every access and refresh token belongs to one. Revoking it (sign-out, or
-- removal from another device) ends all of its tokens at once and closes its sockets.
CREATE TABLE sessions (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  platform     TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  revoked_at   INTEGER
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id, created_at);

-- A refresh token is used once: using it makes its successor. A token used a second time means it
-- was copied, and the whole session (the token's family) is revoked. Tokens from before sessions have
-- no session and are refused.
ALTER TABLE refresh_tokens ADD COLUMN session_id TEXT REFERENCES sessions(id) ON DELETE CASCADE;
ALTER TABLE refresh_tokens ADD COLUMN used_at INTEGER;
