// Uploads one file: fixed 1 MiB chunks hashed in the worker pool, kept in Dexie, sent to the
// relay when it lacks them, then one entry added to the drive document.
// The file is walked a batch of chunks at a time, so memory holds at most one batch however
// large the file is; the whole file is never read into one buffer.
import { fixedChunkRanges } from '@sheaf/shared/chunking/fixed-chunks';
import { FileEntry, type ManifestChunk } from '@sheaf/shared/drive/drive-doc';
import { newFileId, type ChunkHash, type FolderId, type RandomBytes, type UserId } from '@sheaf/shared/ids';
import { err, ok, type Result } from '@sheaf/shared/result';
import type { HashPool } from '@sheaf/workers/hash-pool';
import type { ApiClient, ApiError } from '../api/client.js';
import type { ChunkRow } from '../local/db.js';
import type { ChunkStore } from '../local/chunk-store.js';
import { mapLimited } from '../lib/limit.js';

export type UploadDeps = {
  readonly hashPool: Pick<HashPool, 'hashRange'>;
  readonly chunks: ChunkStore;
  readonly api: Pick<ApiClient, 'missingChunks' | 'putChunk'>;
  readonly addFile: (entry: FileEntry) => Result<void, string>;
  readonly author: { readonly userId: UserId; readonly deviceName: string; readonly folderId: FolderId };
  readonly now: () => number;
  readonly randomBytes: RandomBytes;
};

/** Bytes whose chunks are safe on the relay (sent now or already there). */
export type UploadProgress = { readonly doneBytes: number; readonly totalBytes: number };

/** Chunks hashed, stored and checked together: one Dexie transaction and one /missing call each. */
const CHUNKS_PER_BATCH = 8;
/** PUTs in flight at once: enough to hide a round trip, few enough to leave the socket room. */
const PARALLEL_PUTS = 4;

export async function uploadFile(
  file: File,
  deps: UploadDeps,
  onProgress: (progress: UploadProgress) => void,
  signal: AbortSignal,
): Promise<Result<FileEntry, string>> {
  const totalBytes = file.size;
  const ranges = fixedChunkRanges(totalBytes);
  const manifest: ManifestChunk[] = [];
  let doneBytes = 0;
  const advance = (bytes: number): void => {
    doneBytes += bytes;
    onProgress({ doneBytes, totalBytes });
  };
  onProgress({ doneBytes, totalBytes });

  // The next batch is hashed while this one is stored and sent, so the workers and the network
  // overlap; at most two batches are in memory.
  const hashBatch = (first: number): Promise<ChunkRow[]> =>
    Promise.all(
      ranges.slice(first, first + CHUNKS_PER_BATCH).map((range) => deps.hashPool.hashRange(file, range, signal)),
    ).then((hashed) => hashed.map(({ hash, size, bytes }) => ({ hash, size, bytes: new Blob([bytes]) })));
  let next: Promise<ChunkRow[]> | undefined;
  try {
    for (let first = 0; first < ranges.length; first += CHUNKS_PER_BATCH) {
      const rows = await (next ?? hashBatch(first));
      next = first + CHUNKS_PER_BATCH < ranges.length ? hashBatch(first + CHUNKS_PER_BATCH) : undefined;
      // Observed here so that a failure while this batch is sent is not reported as unhandled.
      void next?.catch(() => undefined);
      await deps.chunks.putMany(rows);
      for (const { hash, size } of rows) manifest.push({ hash, size });

      const sent = await sendMissing(rows, deps.api, advance, signal);
      if (!sent.ok) return err(sent.error.message);
    }
  } catch (error) {
    if (signal.aborted) return err('Cancelled.');
    return err(`Could not read or store this file (${error instanceof Error ? error.message : String(error)}).`);
  }

  const entry = FileEntry.safeParse({
    id: newFileId(deps.randomBytes),
    name: file.name,
    parentId: deps.author.folderId,
    size: totalBytes,
    mediaType: file.type === '' ? 'application/octet-stream' : file.type,
    manifest: { size: totalBytes, chunks: manifest },
    createdAt: deps.now(),
    createdBy: deps.author.userId,
    deviceName: deps.author.deviceName,
  });
  if (!entry.success) return err(`This file can’t be added: ${entry.error.issues[0]?.message ?? 'invalid entry'}.`);
  const added = deps.addFile(entry.data);
  return added.ok ? ok(entry.data) : err(added.error);
}

/** Asks which of `rows` the relay lacks and PUTs those, counting every chunk that ends up safe. */
async function sendMissing(
  rows: readonly ChunkRow[],
  api: UploadDeps['api'],
  advance: (bytes: number) => void,
  signal: AbortSignal,
): Promise<Result<void, ApiError>> {
  // A file can repeat a chunk (runs of zeros): ask and send each hash once.
  const unique = new Map<ChunkHash, ChunkRow>();
  for (const row of rows) unique.set(row.hash, row);
  const missing = await api.missingChunks([...unique.keys()], signal);
  if (!missing.ok) return missing;

  const toSend = new Set(missing.value);
  advance(rows.filter((row) => !toSend.has(row.hash)).reduce((sum, row) => sum + row.size, 0));
  // Each copy of a repeated chunk counts once its bytes are on the relay.
  const copies = (hash: ChunkHash): number => rows.filter((row) => row.hash === hash).length;

  let failure: ApiError | undefined;
  await mapLimited([...toSend], PARALLEL_PUTS, async (hash) => {
    const row = unique.get(hash);
    if (failure !== undefined || row === undefined) return;
    const put = await api.putChunk(hash, row.bytes, signal);
    if (put.ok) advance(row.size * copies(hash));
    else failure ??= put.error;
  });
  return failure === undefined ? ok(undefined) : err(failure);
}
