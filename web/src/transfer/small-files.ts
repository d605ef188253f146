// The fast lane for small files: a file no larger than FastCDC's minimum chunk is exactly one chunk,
// whose hash is the whole file's SHA-256, so it needs no chunker worker. Many such files go as one
// batch: one read each, one Dexie transaction for all their chunks (owed to the relay in the same
// transaction, as upload.ts does), one `missing` call, one `POST /chunks/batch` for what the relay
// lacks. A folder of thousands of small files is then a few dozen round trips instead of a round
// trip chain per file. Placing the files in the drive (one change per batch) is the caller's job.
import { MIN_CHUNK_BYTES } from '@sheaf/shared/chunking/fastcdc';
import type { Manifest } from '@sheaf/shared/drive/manifest';
import { Content } from '@sheaf/shared/drive/ops';
import { toHex } from '@sheaf/shared/hex';
import { ChunkHash } from '@sheaf/shared/ids';
import { MAX_BATCH_BYTES, MAX_BATCH_CHUNKS, chunkBatchBytes } from '@sheaf/shared/protocol/chunk-batch';
import { err, ok, type Result } from '@sheaf/shared/result';
import type { ApiClient, ApiError } from '../api/client.js';
import type { ChunkStore } from '../local/chunk-store.js';
import type { ChunkRow } from '../local/db.js';
import type { Outbox } from '../local/outbox.js';
import { manifestHash, type Digest } from './content-hash.js';
import { isChangedFileError, mediaTypeOf, type Uploaded } from './upload.js';

/** Files up to this size are one chunk (FastCDC never cuts before its minimum) and take this lane. */
export const SMALL_FILE_BYTES = MIN_CHUNK_BYTES;
/**
 * Files per batch: one drive change and one `missing` call each. Automerge's cost per file falls
 * with larger changes up to about this size (10,000 files recorded on the relay in changes of 256,
 * 512, 1,000 and 2,000: 3.0, 2.4, 2.4 and 2.3 s of CPU, under load), and the relay takes up to 1,000 per commit.
 */
export const SMALL_BATCH_FILES = 512;
/** Bytes per batch: what the batch holds in memory, read, until it is stored and sent. */
export const SMALL_BATCH_BYTES = 4 * 1024 * 1024;

// A batch must fit one request whatever its files: checked here rather than discovered as a 413.
if (SMALL_BATCH_FILES > MAX_BATCH_CHUNKS || chunkBatchBytes([SMALL_BATCH_BYTES + SMALL_FILE_BYTES]) > MAX_BATCH_BYTES) {
  throw new Error('small-file batches must fit one chunk batch request');
}

export const isSmallFile = (file: Blob): boolean => file.size <= SMALL_FILE_BYTES;

export type SmallFileDeps = {
  readonly chunks: Pick<ChunkStore, 'putMany' | 'markHeld'>;
  readonly api: Pick<ApiClient, 'missingChunks' | 'putChunkBatch'>;
  /** Claims the batch being sent, so that the chunk sender leaves it to this upload. */
  readonly outbox: Pick<Outbox, 'claim'>;
  /** SHA-256; Web Crypto's unless a test brings its own. */
  readonly digest?: Digest;
};

/** One answer per file, in order: its Content, or why that file alone failed (it could not be read). */
export type SmallBatchUploaded = ReadonlyArray<Result<Uploaded, string>>;

/**
 * Uploads a batch of small files; the answer is per file, or an error for the whole batch (the relay
 * refused it: full drive, a rejected chunk). Offline, the chunks stay owed and every file is
 * answered with `sent: false`, to be placed anyway. `onSafe` is told the indexes of files whose bytes
 * are safe (on the relay, or stored here and owed to it).
 */
export async function uploadSmallFiles(
  files: readonly File[],
  deps: SmallFileDeps,
  onSafe: (indexes: readonly number[]) => void,
  signal: AbortSignal,
): Promise<Result<SmallBatchUploaded, string>> {
  const digest = deps.digest ?? ((algorithm, data) => crypto.subtle.digest(algorithm, data));
  try {
    const read = await Promise.all(files.map((file) => readOne(file, digest)));
    if (signal.aborted) return err('Cancelled.');
    const rows = read.flatMap((one) => (one.ok && one.value.size > 0 ? [one.value] : []));
    const readable = read.flatMap((one, i) => (one.ok ? [i] : []));
    const unique = new Map<ChunkHash, ChunkRow>(rows.map((row) => [row.hash, row]));

    let sent = true;
    const release = deps.outbox.claim([...unique.keys()]);
    try {
      if (unique.size > 0) {
        const uploadBytes = rows.reduce((sum, row) => sum + row.size, 0);
        // Asked before storing, so that a refusal (a full drive) leaves nothing owed behind.
        const missing = await deps.api.missingChunks([...unique.keys()], signal, uploadBytes);
        if (!missing.ok && missing.error.kind !== 'network') return err(missing.error.message);
        // Owed until the relay holds them, in one transaction with the bytes: a tab closed now
        // leaves them for the chunk sender.
        await deps.chunks.putMany([...unique.values()], { owed: true });
        if (missing.ok) {
          const put = await sendMissing(unique, new Set(missing.value), deps, signal);
          if (put !== undefined && put.kind !== 'network') return err(put.message);
          sent = put === undefined;
        } else sent = false;
      }
    } finally {
      release();
    }
    if (signal.aborted) return err('Cancelled.');
    onSafe(readable);

    const answers: Array<Result<Uploaded, string>> = [];
    for (const [i, one] of read.entries()) {
      const file = files[i];
      if (!one.ok || file === undefined) answers.push(one.ok ? err('This file could not be read.') : one);
      else answers.push(await contentOf(file, one.value, sent, digest));
    }
    return ok(answers);
  } catch (error) {
    if (signal.aborted) return err('Cancelled.');
    if (isChangedFileError(error)) return err('One of these files changed while it was being read. Try again.');
    return err(`Could not store these files (${error instanceof Error ? error.message : String(error)}).`);
  }
}

/** PUTs the chunks the relay lacks in one batch request, and marks what it now holds; the error if any. */
async function sendMissing(
  unique: ReadonlyMap<ChunkHash, ChunkRow>,
  lacking: ReadonlySet<ChunkHash>,
  deps: SmallFileDeps,
  signal: AbortSignal,
): Promise<ApiError | undefined> {
  const toSend = [...unique.values()].filter((row) => lacking.has(row.hash));
  if (toSend.length > 0) {
    const put = await deps.api.putChunkBatch(toSend, signal);
    // The batch is stored whole or not at all: nothing of it is held, and all of it stays owed.
    if (!put.ok) {
      await deps.chunks.markHeld([...unique.keys()].filter((hash) => !lacking.has(hash)));
      return put.error;
    }
  }
  await deps.chunks.markHeld([...unique.keys()]);
  return undefined;
}

async function readOne(file: File, digest: Digest): Promise<Result<ChunkRow, string>> {
  let bytes: ArrayBuffer;
  try {
    bytes = await file.arrayBuffer();
  } catch (error) {
    return err(`Could not read this file (${error instanceof Error ? error.message : String(error)}).`);
  }
  // One chunk only while it is within the chunker's minimum: a file grown since it was picked
  // would be chunked differently, and its content hash would then differ from upload.ts's.
  if (bytes.byteLength !== file.size || bytes.byteLength > SMALL_FILE_BYTES) {
    return err('This file changed while it was being read. Try again.');
  }
  const hash = ChunkHash.parse(toHex(new Uint8Array(await digest('SHA-256', new Uint8Array(bytes)))));
  // Kept as a slice of the file rather than a Blob of the bytes read, which would stay in the
  // browser process until a garbage collection (see upload.ts); a file edited since is refused.
  return ok({ hash, size: bytes.byteLength, bytes: file.slice(0, bytes.byteLength) });
}

/** The version's Content, built as upload.ts builds it: the same bytes give the same content hash. */
async function contentOf(file: File, row: ChunkRow, sent: boolean, digest: Digest): Promise<Result<Uploaded, string>> {
  // An empty file has no chunk (the chunker emits none), and its SHA-256 is that of no bytes.
  const manifest: Manifest = {
    size: row.size,
    chunks: row.size === 0 ? [] : [{ hash: row.hash, size: row.size }],
    sha256: row.hash,
  };
  const content = Content.safeParse({
    hash: await manifestHash(manifest, digest),
    size: row.size,
    mediaType: mediaTypeOf(file),
    manifest,
  });
  if (!content.success) return err(`This file can’t be added: ${content.error.issues[0]?.message ?? 'invalid'}.`);
  return ok({ content: content.data, sha256: row.hash, sent });
}
