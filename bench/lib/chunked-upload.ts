// A file uploaded the way a chunking client does it: streamed from disk through the shared FastCDC
// chunker (chunkAndHash, SHA-256 from node:crypto), `missing` asked a batch of chunks at a time, the
// missing ones PUT a few in flight while the next batch is chunked, then one commit. Memory holds one
// batch plus the chunks in flight, whatever the file's size.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Agent } from 'node:http';
import { chunkAndHash, type ChunkDigest, type HashedStreamChunk } from '@sheaf/shared/chunking/chunk-stream';
import type { Manifest, ManifestChunk } from '@sheaf/shared/drive/manifest';
import { ChunkHash } from '@sheaf/shared/ids';
import type { FileCommitResponse } from '@sheaf/shared/protocol/file-commit';
import { commitFile, missingChunks, type ApiTarget } from './api-requests.js';
import { putChunk, type UploadChunk } from './chunk-upload.js';

/** Read size from disk; any size gives the same chunks (a property chunk-stream.test.ts checks). */
const READ_BYTES = 1024 * 1024;

export type ChunkedUploadOptions = {
  /** The name committed, in the drive's root. */
  readonly name: string;
  /** Chunk PUTs in flight at once. */
  readonly concurrency: number;
  /** Chunks per `missing` call. */
  readonly missingBatch: number;
};

export type ChunkedUpload = {
  readonly commit: FileCommitResponse;
  readonly manifest: Manifest;
  /** Body bytes of the chunk PUTs: what went over the wire for the content. */
  readonly putBytes: number;
  readonly putChunks: number;
};

const sha256: ChunkDigest = (bytes) => Promise.resolve(createHash('sha256').update(bytes).digest());
const hexOf = (hash: Uint8Array): string => Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');

/** The client's side alone: reads, chunks and hashes `path` as an upload does, sending nothing. */
export async function chunkFile(path: string, signal: AbortSignal): Promise<number> {
  let chunks = 0;
  for await (const _chunk of chunkAndHash(createReadStream(path, { highWaterMark: READ_BYTES, signal }), sha256)) {
    chunks += 1;
  }
  return chunks;
}

export async function uploadFileChunked(
  path: string,
  target: ApiTarget,
  options: ChunkedUploadOptions,
): Promise<ChunkedUpload> {
  const { size } = await stat(path);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency + 1 });
  const chunks: ManifestChunk[] = [];
  let putBytes = 0;
  let putChunks = 0;

  /** The chunks the server lacks, in file order, each once; asked about a batch at a time. */
  async function* chunksToSend(): AsyncGenerator<UploadChunk> {
    const source = createReadStream(path, { highWaterMark: READ_BYTES, signal: target.signal });
    let batch: HashedStreamChunk[] = [];
    let first = true;
    const askAbout = async function* (): AsyncGenerator<UploadChunk> {
      const held = new Map<string, Buffer>();
      for (const chunk of batch) {
        const { bytes } = chunk;
        held.set(hexOf(chunk.hash), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      }
      batch = [];
      // The first call carries the file's size, as the app's does, so a full drive refuses up front.
      const missing = await missingChunks(agent, target, {
        hashes: [...held.keys()].map((hash) => ChunkHash.parse(hash)),
        ...(first ? { uploadBytes: size } : {}),
      });
      first = false;
      for (const hash of missing) {
        const bytes = held.get(hash);
        if (bytes !== undefined) yield { hash, bytes };
      }
    };
    for await (const chunk of chunkAndHash(source, sha256)) {
      chunks.push({ hash: ChunkHash.parse(hexOf(chunk.hash)), size: chunk.length });
      batch.push(chunk);
      if (batch.length >= options.missingBatch) yield* askAbout();
    }
    if (batch.length > 0 || first) yield* askAbout();
  }

  // Lanes pull from one generator; an async generator queues concurrent next() calls, so each
  // chunk goes to exactly one lane, and a lane that finds the batch used up chunks the next one.
  const sending = chunksToSend();
  let failed: Error | undefined;
  const lane = async (): Promise<void> => {
    try {
      while (failed === undefined) {
        target.signal.throwIfAborted();
        const next = await sending.next();
        if (next.done === true) return;
        await putChunk(next.value, agent, target);
        putBytes += next.value.bytes.byteLength;
        putChunks += 1;
      }
    } catch (error) {
      // The first failure stops every lane at its next chunk.
      failed ??= asError(error);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, lane));
    if (failed !== undefined) throw failed;
    const manifest: Manifest = { size, chunks };
    const commit = await commitFile(agent, target, { name: options.name, manifest });
    return { commit, manifest, putBytes, putChunks };
  } finally {
    // Closes the file stream when a lane failed mid-file.
    await sending.return(undefined);
    agent.destroy();
  }
}

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error('a request failed', { cause: error });
