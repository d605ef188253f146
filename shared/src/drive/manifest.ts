// A manifest: the ordered chunks of one version of a file's content.
import { z } from 'zod';
import { ChunkHash } from '../ids.js';

export const ManifestChunk = z.object({ hash: ChunkHash, size: z.number().int().nonnegative() });
export type ManifestChunk = z.infer<typeof ManifestChunk>;

export const Manifest = z.object({
  size: z.number().int().nonnegative(),
  chunks: z.array(ManifestChunk),
  /**
   * SHA-256 of the whole content, so that `sha256sum` of a download can be checked against it. Taken
   * in the same read as the chunks; absent in versions saved before it was recorded. It is not part
   * of the canonical manifest: the chunks already decide the bytes, so the content hash of a version
   * does not change with it (and two saves of the same bytes stay one version).
   */
  sha256: ChunkHash.optional(),
});
export type Manifest = z.infer<typeof Manifest>;

/**
 * The JSON a version's content hash is taken over: SHA-256 of it is `Content.hash`. Every client and
 * the relay must build exactly this text (keys in this order), so it lives here, in one place.
 */
export const canonicalManifest = (manifest: Manifest): string =>
  JSON.stringify({ size: manifest.size, chunks: manifest.chunks.map(({ hash, size }) => ({ hash, size })) });
