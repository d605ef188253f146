// POST /api/v1/chunks/batch: many small chunks in one request, so that a folder of small files is
// not one round trip per file. The body is a plain binary framing, streamed by both sides:
//   for each chunk: its SHA-256 (32 bytes) · its length (4 bytes, big-endian) · its bytes
// No JSON and no boundaries to search for: a reader knows each frame's end from its header, so it
// can hash and store one chunk at a time without holding the batch. The relay verifies every chunk
// and stores all of a batch or none of it.
import { z } from 'zod';
import type { ChunkHash } from '../ids.js';
import { ChunkPutResponse, MAX_CHUNK_BYTES } from './chunk-put.js';

export const CHUNK_BATCH_CONTENT_TYPE = 'application/vnd.sheaf.chunk-batch';
/** 32 bytes of hash, then 4 bytes of length. */
export const FRAME_HEADER_BYTES = 36;
/** Largest request body, headers included: one 4 MiB chunk always fits, and a batch stays short-lived. */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;
/** Most chunks in one batch: 16 MiB of 4 KiB files. Bounds the temp files one request can make. */
export const MAX_BATCH_CHUNKS = 4096;

export { MAX_CHUNK_BYTES };

export const ChunkBatchResponse = z.object({
  /** One answer per frame, in the order sent (a chunk sent twice is answered twice). */
  chunks: z.array(ChunkPutResponse),
});
export type ChunkBatchResponse = z.infer<typeof ChunkBatchResponse>;

/** The 36-byte header of one frame. */
export function frameHeader(hash: ChunkHash, size: number): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(size) || size < 0 || size > 0xffffffff) throw new RangeError(`bad frame size ${size}`);
  const header = new Uint8Array(FRAME_HEADER_BYTES);
  for (let i = 0; i < 32; i++) header[i] = parseInt(hash.slice(2 * i, 2 * i + 2), 16);
  new DataView(header.buffer).setUint32(32, size, false);
  return header;
}

/** The body of a batch as pieces to send in order (a Blob or a stream can be made of them without copying). */
export function encodeChunkBatch(
  chunks: ReadonlyArray<{ readonly hash: ChunkHash; readonly bytes: Uint8Array }>,
): Uint8Array[] {
  return chunks.flatMap(({ hash, bytes }) => [frameHeader(hash, bytes.byteLength), bytes]);
}

/** The length of a batch body holding chunks of these sizes. */
export const chunkBatchBytes = (sizes: Iterable<number>): number => {
  let total = 0;
  for (const size of sizes) total += FRAME_HEADER_BYTES + size;
  return total;
};
