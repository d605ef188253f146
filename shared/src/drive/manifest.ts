// A manifest: the ordered chunks of one version of a file's content.
import { z } from 'zod';
import { ChunkHash } from '../ids.js';

export const ManifestChunk = z.object({ hash: ChunkHash, size: z.number().int().nonnegative() });
export type ManifestChunk = z.infer<typeof ManifestChunk>;

export const Manifest = z.object({
  size: z.number().int().nonnegative(),
  chunks: z.array(ManifestChunk),
});
export type Manifest = z.infer<typeof Manifest>;
