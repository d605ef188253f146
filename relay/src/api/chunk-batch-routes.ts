// POST /api/v1/chunks/batch: many small chunks in one request (framing in shared chunk-batch.ts).
// The same rules as PUT /chunks/{sha256}, per chunk: every chunk's bytes are hashed as they stream
// and must match their address, and storing one makes the caller a holder of it. A batch is stored
// whole or not at all: the chunks are staged as they arrive and made visible together at the end,
// under the locks of all their hashes, so that the collector cannot delete one between its storing
// and its recording.
import {
  FRAME_HEADER_BYTES,
  MAX_BATCH_BYTES,
  MAX_BATCH_CHUNKS,
  MAX_CHUNK_BYTES,
} from '@sheaf/shared/protocol/chunk-batch';
import { ChunkBatchReader, type BatchFrameError } from '@sheaf/shared/protocol/chunk-batch-reader';
import type { ChunkHash } from '@sheaf/shared/ids';
import { chunkBatchRoute } from '@sheaf/shared/protocol/routes';
import { fail, type ApiFailure } from '../http/api-error.js';
import type { Mounter } from '../http/mount.js';
import { quotaFailure } from './drive-access.js';
import type { ChunkRouteDeps } from './chunk-routes.js';

const LIMITS = { maxChunkBytes: MAX_CHUNK_BYTES, maxBatchBytes: MAX_BATCH_BYTES, maxChunks: MAX_BATCH_CHUNKS };

function frameFailure(error: BatchFrameError): ApiFailure {
  switch (error.kind) {
    case 'truncated':
      return fail(
        'bad_request',
        'the body ended inside a chunk: each chunk is a 32-byte hash, a 4-byte length and its bytes',
      );
    case 'chunk_too_large':
      return fail('payload_too_large', `a chunk is at most ${MAX_CHUNK_BYTES} bytes; one declares ${error.size}`);
    case 'batch_too_large':
      return fail(
        'payload_too_large',
        `a batch is at most ${MAX_BATCH_BYTES} bytes and ${MAX_BATCH_CHUNKS} chunks, each with a ${FRAME_HEADER_BYTES}-byte header`,
      );
  }
}

export function mountChunkBatchRoute(m: Mounter, { blobs, chunkIndex, locks, quota }: ChunkRouteDeps): void {
  m.mount(chunkBatchRoute, async ({ ctx, caller }) => {
    // Any answer before the body was read whole leaves the rest unread: the connection cannot be reused.
    const refuse = (failure: ApiFailure): ApiFailure => {
      ctx.set('Connection', 'close');
      return failure;
    };
    const declared = Number(ctx.get('content-length') || NaN);
    if (Number.isFinite(declared) && declared > MAX_BATCH_BYTES)
      return refuse(frameFailure({ kind: 'batch_too_large' }));
    const over = await quota.exceeds(caller.userId, 0);
    if (over !== undefined) return refuse(quotaFailure(over, 0));

    // Not destroying the socket when reading stops early, so that the refusal can still be sent.
    const reader = new ChunkBatchReader(ctx.req.iterator({ destroyOnReturn: false }), LIMITS);
    const batch = blobs.batch();
    const added: Array<{ hash: ChunkHash; size: number }> = [];
    try {
      for (;;) {
        const next = await reader.next();
        if (!next.ok) return refuse(frameFailure(next.error));
        const frame = next.value;
        if (frame === undefined) break;
        const put = await batch.add(frame.hash, frame.bytes, MAX_CHUNK_BYTES);
        if (!put.ok) {
          // A frame cut short by the end of the body is a framing error, not the uploader's hash.
          if (reader.truncated) return refuse(frameFailure({ kind: 'truncated' }));
          return refuse(
            fail(
              'hash_mismatch',
              `chunk ${added.length} does not hash to ${frame.hash}; nothing of this batch was stored`,
            ),
          );
        }
        added.push({ hash: frame.hash, size: put.value.size });
      }
      const outcomes = await locks.withAll(
        added.map((c) => c.hash),
        async () => {
          const placed = await batch.commit();
          chunkIndex.recordChunks(added, caller.userId);
          return placed;
        },
      );
      return { chunks: added.map(({ hash, size }, i) => ({ hash, size, stored: outcomes[i]?.stored ?? false })) };
    } finally {
      await batch.discard();
    }
  });
}
