// The `hash` of a version's Content: SHA-256 over the canonical JSON of its manifest. Chunks are
// content-addressed, so equal manifests mean equal bytes, and the hash costs one small digest
// instead of a second pass over the file. Every client must build the same JSON: keys in this order.
import { canonicalManifest, type Manifest } from '@sheaf/shared/drive/manifest';
import { toHex } from '@sheaf/shared/hex';
import { ChunkHash } from '@sheaf/shared/ids';

export type Digest = (algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>) => Promise<ArrayBuffer>;

export async function manifestHash(
  manifest: Manifest,
  digest: Digest = (algorithm, data) => crypto.subtle.digest(algorithm, data),
): Promise<ChunkHash> {
  const bytes = new TextEncoder().encode(canonicalManifest(manifest));
  return ChunkHash.parse(toHex(new Uint8Array(await digest('SHA-256', bytes))));
}
