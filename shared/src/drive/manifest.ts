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

/**
 * The JSON a version's content hash is taken over: SHA-256 of it is `Content.hash`. Every client and
 * the relay must build exactly this text (keys in this order), so it lives here, in one place.
 */
export const canonicalManifest = (manifest: Manifest): string =>
  JSON.stringify({ size: manifest.size, chunks: manifest.chunks.map(({ hash, size }) => ({ hash, size })) });
