-- Devices a user registered for the REST change feed. The id is the client's own, unique per user.
-- `acknowledged_seq` is the furthest change (drive_changes.seq) the device said it applied.
CREATE TABLE devices (
  user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  id               TEXT NOT NULL,
  name             TEXT NOT NULL,
  platform         TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  last_seen_at     INTEGER NOT NULL,
  acknowledged_seq INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, id)
) STRICT, WITHOUT ROWID;
