// POST /api/v1/files/commit and /files/commit-batch: record files from chunks the caller has
// uploaded. The relay checks what it can before writing anything: every chunk is one the caller
// holds, with the size stored, and the sizes add up; only then does the drive get a new file or a new
// version. A batch is checked with one query per kind of check and recorded in one drive change.
import { mediaTypeFor } from '@sheaf/shared/drive/media-type';
import type { Manifest } from '@sheaf/shared/drive/manifest';
import { validateName, type ValidName } from '@sheaf/shared/drive/names';
import { NodeId, ROOT_ID } from '@sheaf/shared/drive/node-id';
import type { ChunkHash, UserId } from '@sheaf/shared/ids';
import { MAX_CHUNK_BYTES } from '@sheaf/shared/protocol/chunk-put';
import type { FileCommitBatchResult } from '@sheaf/shared/protocol/file-commit-batch';
import type { FileCommitResponse } from '@sheaf/shared/protocol/file-commit';
import { fileCommitBatchRoute, fileCommitRoute } from '@sheaf/shared/protocol/routes';
import type { ChunkIndex } from '../blobs/chunk-index.js';
import type { DriveHub } from '../drive/drive-hub.js';
import { isoTime } from '../drive/iso-time.js';
import { recordFile, recordFiles, type RecordedFile, type RecordError } from '../drive/record-file.js';
import { errorBody, fail, isFailure, type ApiFailure } from '../http/api-error.js';
import type { Mounter } from '../http/mount.js';
import { callerDrive, commandFailure, quotaFailure } from './drive-access.js';
import type { Quota } from '../drive/usage.js';

export type CommitRouteDeps = { readonly hub: DriveHub; readonly chunkIndex: ChunkIndex; readonly quota: Quota };

/** What the chunk checks read from the index, once for a whole batch. */
type ChunkFacts = { readonly unreadable: ReadonlySet<ChunkHash>; readonly sizes: ReadonlyMap<ChunkHash, number> };

function chunkFacts(chunkIndex: ChunkIndex, user: UserId, manifests: readonly Manifest[]): ChunkFacts {
  const hashes = [...new Set(manifests.flatMap((m) => m.chunks.map((c) => c.hash)))];
  return { unreadable: new Set(chunkIndex.unreadableBy(user, hashes)), sizes: chunkIndex.sizesOf(hashes) };
}

/** Why a file cannot be recorded from this manifest under this name, or its valid name. */
function checkFile(name: string, manifest: Manifest, facts: ChunkFacts): ValidName | ApiFailure {
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
  const valid = validateName(name);
  if (!valid.ok) {
    return fail('bad_request', valid.error.message, { details: [{ path: 'name', message: valid.error.message }] });
  }
  const missing = [...new Set(manifest.chunks.map((c) => c.hash).filter((hash) => facts.unreadable.has(hash)))];
  if (missing.length > 0) {
    return fail('conflict', `${missing.length} of the chunks have not been uploaded: PUT them first`, {
      details: missing.slice(0, 20).map((hash) => ({ path: 'manifest.chunks', message: `missing ${hash}` })),
    });
  }
  const wrong = manifest.chunks.findIndex((c) => facts.sizes.get(c.hash) !== c.size);
  const chunk = manifest.chunks[wrong];
  if (chunk !== undefined) {
    return fail('bad_request', 'a chunk size does not match the stored chunk', {
      details: [
        {
          path: `manifest.chunks.${wrong}.size`,
          message: `the chunk ${chunk.hash} has ${facts.sizes.get(chunk.hash) ?? 0} bytes`,
        },
      ],
    });
  }
  return valid.value;
}

const answer = ({ at, ...file }: RecordedFile): FileCommitResponse => ({ ...file, uploadedAt: isoTime(at) });

const recordFailure = (error: RecordError): ApiFailure =>
  error.kind === 'lost' ? fail('unavailable', error.message) : commandFailure(error);

export function mountCommitRoutes(m: Mounter, { hub, chunkIndex, quota }: CommitRouteDeps): void {
  m.mount(fileCommitRoute, async ({ caller, body }) => {
    const { manifest } = body;
    const over = await quota.exceeds(caller.userId, manifest.size);
    if (over !== undefined) return quotaFailure(over, manifest.size);
    const name = checkFile(body.name, manifest, chunkFacts(chunkIndex, caller.userId, [manifest]));
    if (isFailure(name)) return name;

    const drive = await callerDrive(hub, caller);
    if (isFailure(drive)) return drive;
    const parent = NodeId.parse(body.parentFolderId ?? ROOT_ID);
    const saved = await recordFile(hub, drive, parent, name, manifest, body.mediaType ?? mediaTypeFor(name));
    return saved.ok ? answer(saved.value) : recordFailure(saved.error);
  });

  m.mount(fileCommitBatchRoute, async ({ caller, body }) => {
    const adding = body.files.reduce((sum, f) => sum + f.manifest.size, 0);
    const over = await quota.exceeds(caller.userId, adding);
    if (over !== undefined) return quotaFailure(over, adding);
    const facts = chunkFacts(
      chunkIndex,
      caller.userId,
      body.files.map((f) => f.manifest),
    );
    const checked = body.files.map((file) => ({ file, name: checkFile(file.name, file.manifest, facts) }));

    const drive = await callerDrive(hub, caller);
    if (isFailure(drive)) return drive;
    const parent = NodeId.parse(body.parentFolderId ?? ROOT_ID);
    // The folder concerns every file: when it cannot take files the request fails as a whole.
    const folder = drive.replica().tree().nodes.get(parent);
    if (folder === undefined) return fail('not_found', 'That folder no longer exists.');
    if (folder.inTrash) return fail('conflict', `“${folder.name}” is in the trash.`);
    if (folder.kind !== 'folder') return fail('conflict', `“${folder.name}” is not a folder.`);

    const toRecord = checked.flatMap(({ file, name }) =>
      isFailure(name) ? [] : [{ name, manifest: file.manifest, mediaType: file.mediaType ?? mediaTypeFor(name) }],
    );
    const saved = await recordFiles(hub, drive, parent, toRecord);
    let next = 0;
    const files = checked.map(({ name }): FileCommitBatchResult => {
      if (isFailure(name)) return errorBody(name);
      const result = saved[next++];
      if (result === undefined) return errorBody(fail('unavailable', 'the file could not be recorded; try again'));
      return result.ok ? answer(result.value) : errorBody(recordFailure(result.error));
    });
    return { files };
  });
}
