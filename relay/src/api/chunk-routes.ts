// Content-addressed chunk routes: ask which are missing, PUT bytes (hash verified while streaming),
// GET bytes back. A user reads only chunks they hold a reference to.
import { chunkGetRoute, chunkPutRoute, chunksMissingRoute } from '@sheaf/shared/protocol/routes';
import { MAX_CHUNK_BYTES } from '@sheaf/shared/protocol/chunk-put';
import { fail } from '../http/api-error.js';
import { rawResponse, type Mounter } from '../http/mount.js';
import { ifRangeHolds, parseRange } from '../http/range.js';
import type { BlobStore } from '../blobs/blob-store.js';
import type { ChunkIndex } from '../blobs/chunk-index.js';
import type { ChunkLocks } from '../blobs/chunk-locks.js';
import type { Quota } from '../drive/usage.js';
import { quotaFailure } from './drive-access.js';

export type ChunkRouteDeps = {
  readonly blobs: BlobStore;
  readonly chunkIndex: ChunkIndex;
  /** Held from storing to recording, so the collector cannot delete the bytes in between. */
  readonly locks: ChunkLocks;
  readonly quota: Quota;
};

export function mountChunkRoutes(m: Mounter, { blobs, chunkIndex, locks, quota }: ChunkRouteDeps): void {
  m.mount(chunksMissingRoute, async ({ caller, body }) => {
    // Asked before any byte is sent, so a client learns of a full drive before uploading.
    if (body.uploadBytes !== undefined) {
      const over = await quota.exceeds(caller.userId, body.uploadBytes);
      if (over !== undefined) return quotaFailure(over, body.uploadBytes);
    }
    return { missing: chunkIndex.missingFor(caller.userId, body.hashes) };
  });

  m.mount(chunkPutRoute, async ({ ctx, caller, params }) => {
    const declared = Number(ctx.get('content-length') || NaN);
    if (Number.isFinite(declared) && declared > MAX_CHUNK_BYTES) {
      ctx.set('Connection', 'close');
      return fail('payload_too_large', `a chunk is at most ${MAX_CHUNK_BYTES} bytes`);
    }
    const over = await quota.exceeds(caller.userId, 0);
    if (over !== undefined) {
      ctx.set('Connection', 'close');
      return quotaFailure(over, 0);
    }
    // Not destroying the socket when the store stops reading early, so that the 413 can still be sent.
    const put = await locks.with(params.sha256, async () => {
      const stored = await blobs.put(params.sha256, ctx.req.iterator({ destroyOnReturn: false }), MAX_CHUNK_BYTES);
      if (stored.ok) chunkIndex.recordChunk(params.sha256, stored.value.size, caller.userId);
      return stored;
    });
    if (!put.ok) {
      ctx.set('Connection', 'close');
      return put.error.kind === 'too_large'
        ? fail('payload_too_large', `a chunk is at most ${MAX_CHUNK_BYTES} bytes`)
        : fail('hash_mismatch', `the bytes do not hash to ${params.sha256}`);
    }
    return { hash: params.sha256, size: put.value.size, stored: put.value.stored };
  });

  m.mount(chunkGetRoute, async ({ ctx, caller, params }) => {
    // Not found rather than forbidden: the answer must not tell whether someone else holds the chunk.
    if (!chunkIndex.canRead(caller.userId, params.sha256)) {
      return fail('not_found', 'no such chunk');
    }
    const size = await blobs.size(params.sha256);
    if (size === undefined) return fail('not_found', 'no such chunk');
    const etag = `"${params.sha256}"`;
    const range = ifRangeHolds(ctx.get('if-range') || undefined, etag)
      ? parseRange(ctx.get('range') || undefined, size)
      : ({ kind: 'full' } as const);
    ctx.set('ETag', etag);
    ctx.set('Accept-Ranges', 'bytes');
    if (range.kind === 'unsatisfiable') {
      ctx.set('Content-Range', `bytes */${size}`);
      return fail('range_not_satisfiable', `the chunk has ${size} bytes; the requested range is outside them`);
    }
    const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size];
    const stream = await blobs.get(params.sha256, { start, end });
    if (stream === undefined) return fail('not_found', 'no such chunk');
    ctx.status = range.kind === 'partial' ? 206 : 200;
    if (range.kind === 'partial') ctx.set('Content-Range', `bytes ${start}-${end - 1}/${size}`);
    ctx.type = 'application/octet-stream';
    ctx.length = end - start;
    ctx.set('Cache-Control', 'private, max-age=31536000, immutable');
    ctx.body = stream;
    return rawResponse;
  });
}
