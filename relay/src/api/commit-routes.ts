// POST /api/v1/files/commit: records a file from chunks the caller has uploaded. The relay checks
// what it can before writing anything: every chunk is one the caller holds, with the size stored,
// and the sizes add up; only then does the drive get a new file or a new version.
import { createHash } from 'node:crypto';
import { addVersion, createFile } from '@sheaf/shared/drive/drive-commands';
import { canonicalManifest } from '@sheaf/shared/drive/manifest';
import { mediaTypeFor } from '@sheaf/shared/drive/media-type';
import { nameKey, validateName } from '@sheaf/shared/drive/names';
import { NodeId, ROOT_ID } from '@sheaf/shared/drive/node-id';
import type { Content } from '@sheaf/shared/drive/ops';
import { ChunkHash } from '@sheaf/shared/ids';
import { MAX_CHUNK_BYTES } from '@sheaf/shared/protocol/chunk-put';
import { fileCommitRoute } from '@sheaf/shared/protocol/routes';
import type { ChunkIndex } from '../blobs/chunk-index.js';
import type { DriveHub } from '../drive/drive-hub.js';
import { isoTime } from '../drive/iso-time.js';
import { fail, isFailure } from '../http/api-error.js';
import type { Mounter } from '../http/mount.js';
import { callerDrive, commandFailure } from './drive-access.js';

export type CommitRouteDeps = { readonly hub: DriveHub; readonly chunkIndex: ChunkIndex };

export function mountCommitRoutes(m: Mounter, { hub, chunkIndex }: CommitRouteDeps): void {
  m.mount(fileCommitRoute, async ({ caller, body }) => {
    const { manifest } = body;
    const total = manifest.chunks.reduce((sum, c) => sum + c.size, 0);
    if (total !== manifest.size) {
      return fail('bad_request', `the chunks add up to ${total} bytes, not the manifest's ${manifest.size}`, {
        details: [{ path: 'manifest.size', message: 'must be the sum of the chunk sizes' }],
      });
    }
    const oversized = manifest.chunks.findIndex((c) => c.size > MAX_CHUNK_BYTES);
    if (oversized >= 0) {
      return fail('bad_request', `a chunk is at most ${MAX_CHUNK_BYTES} bytes`, {
        details: [{ path: `manifest.chunks.${oversized}.size`, message: 'too large' }],
      });
    }
    const name = validateName(body.name);
    if (!name.ok) {
      return fail('bad_request', name.error.message, { details: [{ path: 'name', message: name.error.message }] });
    }
    const missing = chunkIndex.unreadableBy(
      caller.userId,
      manifest.chunks.map((c) => c.hash),
    );
    if (missing.length > 0) {
      return fail('conflict', `${missing.length} of the chunks have not been uploaded: PUT them first`, {
        details: missing.slice(0, 20).map((hash) => ({ path: 'manifest.chunks', message: `missing ${hash}` })),
      });
    }
    const stored = chunkIndex.sizesOf(manifest.chunks.map((c) => c.hash));
    const wrong = manifest.chunks.findIndex((c) => stored.get(c.hash) !== c.size);
    if (wrong >= 0) {
      const chunk = manifest.chunks[wrong];
      const message = `the chunk ${chunk?.hash ?? ''} has ${stored.get(chunk?.hash ?? ('' as ChunkHash)) ?? 0} bytes`;
      return fail('bad_request', 'a chunk size does not match the stored chunk', {
        details: [{ path: `manifest.chunks.${wrong}.size`, message }],
      });
    }

    const drive = await callerDrive(hub, caller);
    if (isFailure(drive)) return drive;
    const parent = NodeId.parse(body.parentFolderId ?? ROOT_ID);
    const content: Content = {
      hash: ChunkHash.parse(createHash('sha256').update(canonicalManifest(manifest)).digest('hex')),
      size: manifest.size,
      mediaType: body.mediaType ?? mediaTypeFor(name.value),
      manifest,
    };
    const key = nameKey(name.value);
    const made = await hub.apply(drive, [
      (author, tree) => {
        const existing = tree.children(parent).find((n) => n.kind === 'file' && nameKey(n.name) === key);
        return existing === undefined
          ? createFile(author, tree, parent, name.value, content)
          : addVersion(author, tree, existing.id, content);
      },
    ]);
    if (!made.ok) return commandFailure(made.error);
    const tree = drive.replica().tree();
    const op = made.value[0];
    const fileId = op?.node ?? tree.children(parent).find((n) => n.kind === 'file' && nameKey(n.name) === key)?.id;
    const node = fileId === undefined ? undefined : tree.nodes.get(fileId);
    if (node === undefined) return fail('unavailable', 'the file could not be recorded; try again');
    const versionAt = node.versions.findLastIndex((v) => v.content.hash === content.hash);
    const version = node.versions[versionAt] ?? node.versions.at(-1);
    if (version === undefined) return fail('unavailable', 'the file could not be recorded; try again');
    return {
      fileId: node.id,
      name: node.name,
      size: manifest.size,
      version: versionAt + 1,
      versionId: version.op,
      uploadedAt: isoTime(version.at),
    };
  });
}
