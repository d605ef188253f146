// POST /api/v1/chunks/missing: { hashes } -> { missing }, so a client sends only what the relay lacks.
import { z } from 'zod';
import { ChunkHash } from '../ids.js';

export const MAX_MISSING_BATCH = 10_000;

export const ChunksMissingRequest = z.object({
  hashes: z.array(ChunkHash).max(MAX_MISSING_BATCH),
  uploadBytes: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('the size of the content about to be uploaded: answered 507 when it would pass the quota'),
});
export type ChunksMissingRequest = z.infer<typeof ChunksMissingRequest>;

export const ChunksMissingResponse = z.object({ missing: z.array(ChunkHash) });
export type ChunksMissingResponse = z.infer<typeof ChunksMissingResponse>;
