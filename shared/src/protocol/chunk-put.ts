// PUT /api/v1/chunks/{sha256}: raw bytes, idempotent; the relay verifies the hash while it streams.
import { z } from 'zod';
import { ChunkHash } from '../ids.js';

/** Upper bound of one chunk on the wire; the content-defined chunker's max is 4 MiB. */
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;

export const ChunkPutResponse = z.object({
  hash: ChunkHash,
  size: z.number().int().nonnegative(),
  stored: z.boolean().describe('false when the relay already held these bytes'),
});
export type ChunkPutResponse = z.infer<typeof ChunkPutResponse>;

export const ChunkParams = z.object({ sha256: ChunkHash });
