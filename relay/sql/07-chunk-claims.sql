-- When a user last claimed each chunk they hold: uploading it, or being told by the missing-chunks
-- route that they need not upload it. The collector releases a reference no retained version uses only
-- once it is older than a grace period, so that a device which has uploaded (or been told it holds)
-- the chunks of a version it has not written into the drive yet does not lose them in between.
ALTER TABLE chunk_owners ADD COLUMN claimed_at INTEGER NOT NULL DEFAULT 0;
UPDATE chunk_owners SET claimed_at = created_at;
CREATE INDEX chunk_owners_by_user ON chunk_owners (user_id, claimed_at);
