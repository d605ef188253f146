// Uploads one file's bytes: content-defined chunks (FastCDC) and their SHA-256 come from a worker
// of the chunk pool, a batch at a time, are kept in Dexie, and sent to the relay when it lacks them;
// an edit in the middle of a file changes a chunk or two, so a new version sends little. The answer
// is the version's Content and the SHA-256 of the whole file (hashed by the worker in the same
// read); placing it in the drive is the caller's job. Offline (or with the relay unreachable) the
// chunks go to the outbox instead and the file is still saved: transfer/chunk-sender.ts sends them
// once the relay is back. The worker prepares the next batch while this one is stored and sent, and
// no further, so memory holds about two batches however large the file.
import type { ManifestChunk } from '@sheaf/shared/drive/manifest';
import { Content } from '@sheaf/shared/drive/ops';
import type { ChunkHash } from '@sheaf/shared/ids';
import { err, ok, type Result } from '@sheaf/shared/result';
import type { ChunkPool } from '@sheaf/workers/chunk-pool';
import type { ApiClient, ApiError } from '../api/client.js';
import type { ChunkRow } from '../local/db.js';
import type { ChunkStore } from '../local/chunk-store.js';
import type { Outbox } from '../local/outbox.js';
import { mapLimited } from '../lib/limit.js';
import { manifestHash } from './content-hash.js';

export type UploadDeps = {
  readonly chunker: Pick<ChunkPool, 'chunkFile'>;
  readonly chunks: ChunkStore;
  readonly api: Pick<ApiClient, 'missingChunks' | 'putChunk'>;
  readonly outbox: Pick<Outbox, 'add'>;
};

export type UploadProgress = {
  /** Bytes that are safe: on the relay, or (offline) stored here and owed to it. */
  readonly doneBytes: number;
  /** Bytes read, chunked and hashed so far. */
  readonly hashedBytes: number;
  readonly totalBytes: number;
};

export type Uploaded = {
  readonly content: Content;
  /** SHA-256 of the whole file, from the same read as the chunks. */
  readonly sha256: ChunkHash;
  /** False when some chunks are only on this device for now (offline). */
  readonly sent: boolean;
};

/**
 * Bytes of chunks stored and checked together: one Dexie transaction and one /missing call each
 * (about 8 chunks of the 1 MiB average). Two batches and a chunk bound what an upload holds.
 */
export const BATCH_BYTES = 8 * 1024 * 1024;
/** PUTs in flight at once: enough to hide a round trip, few enough to leave the socket room. */
const PARALLEL_PUTS = 4;

const mediaTypeOf = (file: File): string => (file.type === '' ? 'application/octet-stream' : file.type.slice(0, 255));

export async function uploadFile(
  file: File,
  deps: UploadDeps,
  onProgress: (progress: UploadProgress) => void,
  signal: AbortSignal,
): Promise<Result<Uploaded, string>> {
  const totalBytes = file.size;
  const chunks: ManifestChunk[] = [];
  let doneBytes = 0;
  let hashedBytes = 0;
  let sha256: ChunkHash | undefined;
  let offline = false;
  const report = (): void => onProgress({ doneBytes, hashedBytes, totalBytes });
  const advance = (bytes: number): void => {
    doneBytes += bytes;
    report();
  };
  report();

  try {
    let first = true;
    for await (const batch of deps.chunker.chunkFile(file, { batchBytes: BATCH_BYTES, signal })) {
      hashedBytes = batch.end;
      if (batch.sha256 !== undefined) sha256 = batch.sha256;
      const rows: ChunkRow[] = batch.chunks.map(({ hash, size, bytes }) => ({ hash, size, bytes: new Blob([bytes]) }));
      if (rows.length === 0) continue;
      await deps.chunks.putMany(rows);
      for (const { hash, size } of rows) chunks.push({ hash, size });

      // The first batch carries the file's size: a full drive says so before anything is sent.
      const announce = first ? totalBytes : undefined;
      first = false;
      const sent = offline ? err(offlineError) : await sendMissing(rows, deps.api, advance, signal, announce);
      if (!sent.ok && sent.error.kind !== 'network') return err(sent.error.message);
      if (!sent.ok) {
        // Kept for later: every chunk of this batch is owed (the relay dedupes what it already has).
        offline = true;
        await deps.outbox.add(rows);
        advance(rows.reduce((sum, row) => sum + row.size, 0) - (sent.error.sentBytes ?? 0));
      }
    }
  } catch (error) {
    if (signal.aborted) return err('Cancelled.');
    return err(`Could not read or store this file (${error instanceof Error ? error.message : String(error)}).`);
  }

  const size = chunks.reduce((sum, chunk) => sum + chunk.size, 0);
  if (sha256 === undefined || size !== totalBytes) {
    return err('This file changed while it was being read. Try again.');
  }
  const manifest = { size: totalBytes, chunks };
  const content = Content.safeParse({
    hash: await manifestHash(manifest),
    size: totalBytes,
    mediaType: mediaTypeOf(file),
    manifest,
  });
  if (!content.success) return err(`This file can’t be added: ${content.error.issues[0]?.message ?? 'invalid'}.`);
  return ok({ content: content.data, sha256, sent: !offline });
}

type SendError = ApiError & { readonly sentBytes?: number };
const offlineError: SendError = { kind: 'network', status: 0, message: 'offline', sentBytes: 0 };

/** Asks which of `rows` the relay lacks and PUTs those, counting every chunk that ends up safe. */
async function sendMissing(
  rows: readonly ChunkRow[],
  api: UploadDeps['api'],
  advance: (bytes: number) => void,
  signal: AbortSignal,
  uploadBytes?: number,
): Promise<Result<void, SendError>> {
  // A file can repeat a chunk (runs of zeros): ask and send each hash once.
  const unique = new Map<ChunkHash, ChunkRow>();
  for (const row of rows) unique.set(row.hash, row);
  const missing = await api.missingChunks([...unique.keys()], signal, uploadBytes);
  if (!missing.ok) return err({ ...missing.error, sentBytes: 0 });

  const toSend = new Set(missing.value);
  let sentBytes = rows.filter((row) => !toSend.has(row.hash)).reduce((sum, row) => sum + row.size, 0);
  advance(sentBytes);
  // Each copy of a repeated chunk counts once its bytes are on the relay.
  const copies = (hash: ChunkHash): number => rows.filter((row) => row.hash === hash).length;

  let failure: ApiError | undefined;
  await mapLimited([...toSend], PARALLEL_PUTS, async (hash) => {
    const row = unique.get(hash);
    if (failure !== undefined || row === undefined) return;
    const put = await api.putChunk(hash, row.bytes, signal);
    if (put.ok) {
      advance(row.size * copies(hash));
      sentBytes += row.size * copies(hash);
    } else failure ??= put.error;
  });
  return failure === undefined ? ok(undefined) : err({ ...failure, sentBytes });
}
