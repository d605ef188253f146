// POST /api/v1/files/commit: records a file from chunks the caller has uploaded. The relay checks
// what it can before writing anything: every chunk is one the caller holds, with the size stored,
// and the sizes add up; only then does the drive get a new file or a new version.
import { mediaTypeFor } from '@sheaf/shared/drive/media-type';
import { validateName } from '@sheaf/shared/drive/names';
import { NodeId, ROOT_ID } from '@sheaf/shared/drive/node-id';
import type { ChunkHash } from '@sheaf/shared/ids';
import { MAX_CHUNK_BYTES } from '@sheaf/shared/protocol/chunk-put';
import { fileCommitRoute } from '@sheaf/shared/protocol/routes';
import type { ChunkIndex } from '../blobs/chunk-index.js';
import type { DriveHub } from '../drive/drive-hub.js';
import { isoTime } from '../drive/iso-time.js';
import { recordFile } from '../drive/record-file.js';
import { fail, isFailure } from '../http/api-error.js';
import type { Mounter } from '../http/mount.js';
import { callerDrive, commandFailure, quotaFailure } from './drive-access.js';
import type { Quota } from '../drive/usage.js';

export type CommitRouteDeps = { readonly hub: DriveHub; readonly chunkIndex: ChunkIndex; readonly quota: Quota };

export function mountCommitRoutes(m: Mounter, { hub, chunkIndex, quota }: CommitRouteDeps): void {
  m.mount(fileCommitRoute, async ({ caller, body }) => {
    const { manifest } = body;
    const over = await quota.exceeds(caller.userId, manifest.size);
    if (over !== undefined) return quotaFailure(over, manifest.size);
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
    const saved = await recordFile(
      hub,
      drive,
      parent,
      name.value,
      manifest,
      body.mediaType ?? mediaTypeFor(name.value),
    );
    if (!saved.ok) {
      return saved.error.kind === 'lost' ? fail('unavailable', saved.error.message) : commandFailure(saved.error);
    }
    const { at, ...file } = saved.value;
    return { ...file, uploadedAt: isoTime(at) };
  });
}
