// Uploads one file's bytes: content-defined chunks (FastCDC) and their SHA-256 come from a worker
// of the chunk pool, a batch at a time, are kept in Dexie, and sent to the relay when it lacks them;
// an edit in the middle of a file changes a chunk or two, so a new version sends little. The answer
// is the version's Content (its manifest carrying the SHA-256 of the whole file, hashed by the
// worker in the same read); placing it in the drive is the caller's job. Each batch is stored as
// owed to the relay in the same transaction as its bytes, and marked held once the relay has it: a
// tab closed mid-upload leaves the unsent chunks owed, and transfer/chunk-sender.ts sends them after
// the reload. Offline (or with the relay unreachable) the rest stays owed and the file is still
// saved. The worker prepares the next batch while this one is stored and sent, and no further, so
// memory holds about three batches however large the file (this one, the next being digested, the
// one after being cut). A device out of storage space first lets go of the chunks the relay already
// holds; if a batch still does not fit, it is sent straight from the file when the relay is reachable
// (the file is then no longer resumable from this device for that batch, but the upload goes on),
// and only fails when it could be neither kept nor sent.
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
  /** `evict` frees room when the device is full: held chunks only, never owed or pinned ones. */
  readonly chunks: Pick<ChunkStore, 'putMany' | 'markHeld' | 'evict'>;
  readonly api: Pick<ApiClient, 'missingChunks' | 'putChunk'>;
  /** Claims the batch being sent, so that the chunk sender leaves it to this upload. */
  readonly outbox: Pick<Outbox, 'claim'>;
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
 * (about 8 chunks of the 1 MiB average). Three batches bound what an upload holds.
 */
export const BATCH_BYTES = 8 * 1024 * 1024;
/** PUTs in flight at once: enough to hide a round trip, few enough to leave the socket room. */
const PARALLEL_PUTS = 4;

/** The media type a version records for a file: what the browser says, or generic bytes. */
export const mediaTypeOf = (file: File): string =>
  file.type === '' ? 'application/octet-stream' : file.type.slice(0, 255);

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
      // Each chunk is kept and sent as a slice of the file, not as a Blob of the worker's bytes: a
      // Blob made from bytes lives in the browser process until the page's garbage collector frees
      // its small handle, which it has no reason to do soon (measured: 512 MiB uploaded left 520 MiB
      // there; 2 GiB, 2 GiB). A slice refers to the file on disk, and IndexedDB copies it (measured
      // 3-4x faster than writing the same bytes). The file read twice is safe: Chromium refuses to
      // read a File whose modification time has changed since it was picked, so a file edited in
      // between fails the batch's transaction (see isChangedFileError) instead of storing other bytes.
      const rows: ChunkRow[] = batch.chunks.map(({ hash, offset, size }) => ({
        hash,
        size,
        bytes: file.slice(offset, offset + size),
      }));
      batch.recycle();
      if (rows.length === 0) continue;
      const batchBytes = rows.reduce((sum, row) => sum + row.size, 0);
      // A file can repeat a chunk (runs of zeros): ask and send each hash once.
      const unique = new Map<ChunkHash, ChunkRow>(rows.map((row) => [row.hash, row]));

      // Claimed from the chunk sender for the batch's time: it neither sends nor counts what is on its way here.
      const release = deps.outbox.claim([...unique.keys()]);
      try {
        // Asked before storing, so that a refusal (the first batch carries the file's size: a full
        // drive says so before anything is sent) leaves nothing owed behind.
        const announce = first ? totalBytes : undefined;
        first = false;
        const missing = offline
          ? err(offlineError)
          : await deps.api.missingChunks([...unique.keys()], signal, announce);
        if (!missing.ok && missing.error.kind !== 'network') return err(missing.error.message);

        // Owed until the relay holds them, in one transaction with the bytes: see the top of the file.
        const stored = await storeOwed(rows, deps.chunks);
        if (stored === 'full' && !missing.ok) return err(NO_ROOM_OFFLINE);
        for (const { hash, size } of rows) chunks.push({ hash, size });
        if (!missing.ok) {
          // Kept for later: the chunk sender sends this batch once the relay is back.
          offline = true;
          advance(batchBytes);
          continue;
        }
        const sent = await sendBatch(rows, unique, new Set(missing.value), deps, advance, signal);
        if (sent.error !== undefined && sent.error.kind !== 'network') return err(sent.error.message);
        // Not kept here, so not owed: what did not reach the relay would be lost with this page.
        if (sent.error !== undefined && stored === 'full') return err(NO_ROOM_OFFLINE);
        if (sent.error !== undefined) {
          offline = true;
          advance(batchBytes - sent.sentBytes);
        }
      } finally {
        release();
      }
    }
  } catch (error) {
    if (signal.aborted) return err('Cancelled.');
    if (isChangedFileError(error)) return err(CHANGED);
    return err(`Could not read or store this file (${error instanceof Error ? error.message : String(error)}).`);
  }

  const size = chunks.reduce((sum, chunk) => sum + chunk.size, 0);
  if (sha256 === undefined || size !== totalBytes) return err(CHANGED);
  const manifest = { size: totalBytes, chunks, sha256 };
  const content = Content.safeParse({
    hash: await manifestHash(manifest),
    size: totalBytes,
    mediaType: mediaTypeOf(file),
    manifest,
  });
  if (!content.success) return err(`This file can’t be added: ${content.error.issues[0]?.message ?? 'invalid'}.`);
  return ok({ content: content.data, sha256, sent: !offline });
}

const offlineError: ApiError = { kind: 'network', status: 0, message: 'offline' };

const NO_ROOM_OFFLINE =
  'This device is out of storage space and the relay can’t be reached, so the file could not be kept until it can be sent. Free some space or reconnect, then retry.';

const CHANGED = 'This file changed while it was being read. Try again.';

/** Whether `error`, or an error it wraps (as Dexie wraps an aborted transaction's), matches. */
function wraps(error: unknown, matches: (error: Error) => boolean): boolean {
  for (let at: unknown = error, depth = 0; at instanceof Error && depth < 4; depth++) {
    if (matches(at)) return true;
    // Dexie wraps the DOMException of an aborted transaction as `inner`.
    at = (at as { inner?: unknown }).inner ?? at.cause;
  }
  return false;
}

/** IndexedDB's answer when the origin's quota (or the disk) is full, as Dexie passes it on. */
export const isQuotaError = (error: unknown): boolean =>
  wraps(error, (at) => at.name === 'QuotaExceededError' || at.message.includes('QuotaExceededError'));

/**
 * The file was modified after it was picked: Chromium then refuses to read it (NotReadableError),
 * and IndexedDB refuses to store a slice of it ("Failed to write blobs (InvalidBlob)", which aborts
 * the transaction).
 */
export const isChangedFileError = (error: unknown): boolean =>
  wraps(error, (at) => at.name === 'NotReadableError' || at.message.includes('InvalidBlob'));

/**
 * Stores a batch as owed. A full device first evicts every chunk the relay holds (the cache can be
 * fetched again; nothing owed or pinned goes) and tries once more; `full` when it still does not fit.
 */
async function storeOwed(
  rows: readonly ChunkRow[],
  chunks: Pick<ChunkStore, 'putMany' | 'evict'>,
): Promise<'stored' | 'full'> {
  for (let attempt = 0; ; attempt++) {
    try {
      await chunks.putMany(rows, { owed: true });
      return 'stored';
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      if (attempt > 0) return 'full';
    }
    await chunks.evict(0);
  }
}

/** How a stored batch went: the bytes now safe on the relay, and why the rest is not there. */
type BatchSent = { readonly sentBytes: number; readonly error?: ApiError };

/**
 * PUTs the chunks of a stored batch that the relay lacks, counting every chunk that ends up safe,
 * and marks what the relay holds in one transaction: a tab closed before that only costs a
 * `missing` check after the reload.
 */
async function sendBatch(
  rows: readonly ChunkRow[],
  unique: ReadonlyMap<ChunkHash, ChunkRow>,
  lacking: ReadonlySet<ChunkHash>,
  deps: UploadDeps,
  advance: (bytes: number) => void,
  signal: AbortSignal,
): Promise<BatchSent> {
  const held = [...unique.keys()].filter((hash) => !lacking.has(hash));
  let sentBytes = rows.filter((row) => !lacking.has(row.hash)).reduce((sum, row) => sum + row.size, 0);
  advance(sentBytes);
  // Each copy of a repeated chunk counts once its bytes are on the relay.
  const copies = (hash: ChunkHash): number => rows.filter((row) => row.hash === hash).length;

  let failure: ApiError | undefined;
  await mapLimited([...lacking], PARALLEL_PUTS, async (hash) => {
    const row = unique.get(hash);
    if (failure !== undefined || row === undefined) return;
    const put = await deps.api.putChunk(hash, row.bytes, signal);
    if (put.ok) {
      held.push(hash);
      advance(row.size * copies(hash));
      sentBytes += row.size * copies(hash);
    } else failure ??= put.error;
  });
  await deps.chunks.markHeld(held);
  return failure === undefined ? { sentBytes } : { sentBytes, error: failure };
}
