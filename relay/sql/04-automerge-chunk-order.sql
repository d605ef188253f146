-- automerge-repo's storage contract reads a key prefix back in the order the keys were first saved
-- (its reference adapters keep that order), and a WITHOUT ROWID table has no insertion order of its
-- own: `seq` records it, and the index lets a save take the next number without a table scan.
ALTER TABLE automerge_chunks ADD COLUMN seq INTEGER;
CREATE UNIQUE INDEX automerge_chunks_by_seq ON automerge_chunks (seq);
