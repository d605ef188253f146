// POST /api/v1/files/upload (seed 4.1): a whole file in one multipart request, for clients that do
// not chunk. The file part streams through the same content-defined chunker the browsers use, each
// chunk stored as it is cut, so memory holds at most one chunk whatever the file's size, and the
// chunks dedupe with everything else. The whole-file SHA-256 is taken in the same pass. Nothing is
// owned or added to the drive until the bytes match the declared size and checksum; on a mismatch
// the chunks this request newly stored are deleted again.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import busboy from 'busboy';
import { chunkAndHash } from '@sheaf/shared/chunking/chunk-stream';
import type { Manifest, ManifestChunk } from '@sheaf/shared/drive/manifest';
import { mediaTypeFor } from '@sheaf/shared/drive/media-type';
import { validateName } from '@sheaf/shared/drive/names';
import { NodeId, ROOT_ID } from '@sheaf/shared/drive/node-id';
import { toHex } from '@sheaf/shared/hex';
import { ChunkHash, type UserId } from '@sheaf/shared/ids';
import { MAX_CHUNK_BYTES } from '@sheaf/shared/protocol/chunk-put';
import { UploadMetadata } from '@sheaf/shared/protocol/file-upload';
import { fileUploadRoute } from '@sheaf/shared/protocol/routes';
import type { BlobStore } from '../blobs/blob-store.js';
import type { ChunkIndex } from '../blobs/chunk-index.js';
import type { ChunkLocks } from '../blobs/chunk-locks.js';
import type { DriveHub } from '../drive/drive-hub.js';
import { isoTime } from '../drive/iso-time.js';
import { recordFile } from '../drive/record-file.js';
import { fail, isFailure, type ApiFailure } from '../http/api-error.js';
import type { Mounter } from '../http/mount.js';
import { callerDrive, commandFailure, quotaFailure } from './drive-access.js';
import type { Quota } from '../drive/usage.js';

export type UploadRouteDeps = {
  readonly hub: DriveHub;
  readonly blobs: BlobStore;
  readonly chunkIndex: ChunkIndex;
  readonly locks: ChunkLocks;
  readonly quota: Quota;
};

type Stored = {
  readonly manifest: Manifest;
  readonly sha256: string;
  /** Chunks this request wrote (the store did not hold them before). */
  readonly fresh: readonly ChunkHash[];
  readonly filename: string;
  readonly mediaType: string;
};

/** Form fields are small: names, ids and a little JSON. */
const FIELD_LIMITS = { fields: 8, fieldSize: 64 * 1024, files: 1, parts: 10 };

const nodeDigest = (bytes: Uint8Array): Promise<Uint8Array> =>
  Promise.resolve(createHash('sha256').update(bytes).digest());

export function mountUploadRoutes(m: Mounter, deps: UploadRouteDeps): void {
  const { hub, chunkIndex, locks, quota } = deps;

  /** Chunks and stores one file part; the whole-file hash and size come from the same pass. */
  const store = async (stream: Readable, filename: string, mediaType: string): Promise<Stored> => {
    const whole = createHash('sha256');
    let size = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const piece of stream as AsyncIterable<Uint8Array>) {
        whole.update(piece);
        size += piece.byteLength;
        yield piece;
      }
    }
    const chunks: ManifestChunk[] = [];
    const fresh: ChunkHash[] = [];
    try {
      for await (const chunk of chunkAndHash(counted(), nodeDigest)) {
        const hash = ChunkHash.parse(toHex(chunk.hash));
        const put = await locks.with(hash, async () => {
          const result = await deps.blobs.put(hash, Readable.from([chunk.bytes]), MAX_CHUNK_BYTES);
          // Dated now, so a collection running meanwhile leaves it for the grace period.
          if (result.ok) chunkIndex.recordUnowned(hash, chunk.length);
          return result;
        });
        // The chunker cuts at most MAX_CHUNK_BYTES and the hash is of these very bytes.
        if (!put.ok) throw new Error(`storing an uploaded chunk failed: ${put.error.kind}`);
        if (put.value.stored) fresh.push(hash);
        chunks.push({ hash, size: chunk.length });
      }
    } catch (error) {
      await forget(fresh);
      throw error;
    }
    const sha256 = ChunkHash.parse(whole.digest('hex'));
    // Recorded in the manifest, so that a download can be checked against it with `sha256sum`.
    return { manifest: { size, chunks, sha256 }, sha256, fresh, filename, mediaType };
  };

  /** Deletes chunks this request stored, unless someone has claimed them since. */
  const forget = async (hashes: readonly ChunkHash[]): Promise<void> => {
    for (const hash of hashes) {
      await locks.with(hash, async () => {
        if (chunkIndex.isHeld(hash)) return;
        await deps.blobs.delete(hash);
        chunkIndex.forgetOrphan(hash);
      });
    }
  };

  const own = async (user: UserId, manifest: Manifest): Promise<void> => {
    for (const { hash, size } of manifest.chunks) {
      await locks.with(hash, () => Promise.resolve(chunkIndex.recordChunk(hash, size, user)));
    }
  };

  m.mount(fileUploadRoute, async ({ ctx, caller }) => {
    if (!ctx.is('multipart/form-data')) {
      return fail('unsupported_media_type', 'expected a multipart/form-data body with a `file` part');
    }
    // The request's length bounds the file's: a full drive is refused before a byte is read.
    const declared = Number(ctx.get('content-length') || 0);
    const early = await quota.exceeds(caller.userId, Number.isSafeInteger(declared) ? declared : 0);
    if (early !== undefined) {
      ctx.set('Connection', 'close');
      return quotaFailure(early, declared);
    }
    const fields = new Map<string, string>();
    let stored: Promise<Stored> | undefined;
    let parsed: Promise<void>;
    try {
      const form = busboy({ headers: ctx.req.headers, limits: FIELD_LIMITS });
      parsed = new Promise<void>((resolve, reject) => {
        form.on('field', (name, value) => fields.set(name, value));
        form.on('file', (name, stream, info) => {
          if (name !== 'file' || stored !== undefined) {
            stream.resume();
            return;
          }
          stored = store(stream, info.filename ?? '', info.mimeType);
          // Awaited below; a failure here must not also surface as an unhandled rejection.
          stored.catch(() => undefined);
        });
        form.on('close', resolve);
        form.on('error', reject);
      });
      ctx.req.pipe(form);
      await parsed;
    } catch (error) {
      if (stored !== undefined) await forget((await stored.catch(() => undefined))?.fresh ?? []);
      return fail('bad_request', `the multipart body could not be read (${(error as Error).message})`);
    }
    if (stored === undefined) return fail('bad_request', 'the form has no `file` part');
    const file = await stored;

    const refuse = async (failure: ApiFailure): Promise<ApiFailure> => {
      await forget(file.fresh);
      return failure;
    };
    let metadata: UploadMetadata = {};
    const rawMetadata = fields.get('metadata');
    if (rawMetadata !== undefined) {
      let json: unknown;
      try {
        json = JSON.parse(rawMetadata);
      } catch {
        return refuse(fail('bad_request', '`metadata` is not JSON'));
      }
      const checked = UploadMetadata.safeParse(json);
      if (!checked.success) {
        const message = checked.error.issues[0]?.message ?? 'invalid';
        return refuse(
          fail('bad_request', `invalid metadata: ${message}`, { details: [{ path: 'metadata', message }] }),
        );
      }
      metadata = checked.data;
    }
    if (metadata.size !== undefined && metadata.size !== file.manifest.size) {
      return refuse(fail('bad_request', `metadata says ${metadata.size} bytes but the file has ${file.manifest.size}`));
    }
    const checksum = metadata.checksum?.replace(/^sha256:/, '').toLowerCase();
    if (checksum !== undefined && checksum !== file.sha256) {
      return refuse(fail('hash_mismatch', `the file's SHA-256 is ${file.sha256}, not the checksum given`));
    }
    const name = validateName(metadata.name ?? file.filename);
    if (!name.ok)
      return refuse(
        fail('bad_request', name.error.message, { details: [{ path: 'name', message: name.error.message }] }),
      );
    const parentField = fields.get('parentFolderId') ?? ROOT_ID;
    const parent = NodeId.safeParse(parentField);
    if (!parent.success) return refuse(fail('bad_request', 'invalid parentFolderId'));

    // Sent without a length (chunked): checked now that the size is known.
    const over = await quota.exceeds(caller.userId, file.manifest.size);
    if (over !== undefined) return refuse(quotaFailure(over, file.manifest.size));
    const drive = await callerDrive(hub, caller);
    if (isFailure(drive)) return refuse(drive);
    await own(caller.userId, file.manifest);
    const mediaType =
      file.mediaType !== '' && file.mediaType !== 'application/octet-stream'
        ? file.mediaType
        : mediaTypeFor(name.value);
    const saved = await recordFile(hub, drive, parent.data, name.value, file.manifest, mediaType.slice(0, 255));
    if (!saved.ok) {
      // The chunks stay owned: the client is told the folder is wrong and will likely retry elsewhere.
      return saved.error.kind === 'lost' ? fail('unavailable', saved.error.message) : commandFailure(saved.error);
    }
    return {
      fileId: saved.value.fileId,
      name: saved.value.name,
      size: saved.value.size,
      uploadedAt: isoTime(saved.value.at),
    };
  });
}
