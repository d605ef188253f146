-- A refresh token remembers the token it was rotated into: when the answer to a refresh is lost on
-- the way (the network dropped), the client sends the same token again a moment later, and the
-- relay can replace the successor nobody received instead of treating the retry as theft.
ALTER TABLE refresh_tokens ADD COLUMN successor_hash TEXT;

-- Never used: access tokens end with their session (the `sid` claim), not by a list of their ids.
DROP TABLE revoked_tokens;
