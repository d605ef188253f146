// Reads one version's bytes: each manifest chunk comes from Dexie or, failing that, from the relay,
// whose bytes are checked against their SHA-256 (in the worker pool) before being used or kept.
// The file is assembled as a Blob of chunk Blobs, so it is never copied into one buffer. When the
// manifest records the whole file's SHA-256, the assembled file is read once more through a worker
// of the chunk pool (which hashes the whole stream as it goes, a batch at a time) and a file that
// does not match is an error, never handed over.
import type { ManifestChunk } from '@sheaf/shared/drive/manifest';
import type { Content } from '@sheaf/shared/drive/ops';
import { err, ok, type Result } from '@sheaf/shared/result';
import type { ChunkPool } from '@sheaf/workers/chunk-pool';
import type { HashPool } from '@sheaf/workers/hash-pool';
import type { ApiClient } from '../api/client.js';
import type { ChunkStore } from '../local/chunk-store.js';
import { mapLimited } from '../lib/limit.js';

export type DownloadDeps = {
  readonly chunks: Pick<ChunkStore, 'get' | 'putMany'>;
  readonly api: Pick<ApiClient, 'getChunk'>;
  readonly hashPool: Pick<HashPool, 'hashBuffer'>;
  /** Reads the assembled file to check its whole SHA-256. */
  readonly chunker: Pick<ChunkPool, 'chunkFile'>;
};

/** Chunk fetches in flight at once. */
const PARALLEL_GETS = 4;
/** Bytes the whole-file check pulls from its worker at a time: about two of these are held at once. */
const VERIFY_BATCH_BYTES = 8 * 1024 * 1024;

export async function assembleContent(
  content: Content,
  deps: DownloadDeps,
  onProgress: (doneBytes: number) => void,
  signal: AbortSignal,
): Promise<Result<Blob, string>> {
  let doneBytes = 0;
  let failure: string | undefined;
  try {
    const parts = await mapLimited(content.manifest.chunks, PARALLEL_GETS, async (chunk) => {
      if (failure !== undefined) return undefined;
      const part = await chunkBytes(chunk, deps, signal);
      if (!part.ok) {
        failure ??= part.error;
        return undefined;
      }
      doneBytes += chunk.size;
      onProgress(doneBytes);
      return part.value;
    });
    const blobs = parts.filter((part): part is Blob => part !== undefined);
    if (failure !== undefined) return err(failure);
    const file = new Blob(blobs, { type: content.mediaType });
    if (file.size !== content.size) return err(`The downloaded file has ${file.size} bytes, not ${content.size}.`);
    const expected = content.manifest.sha256;
    if (expected !== undefined && (await wholeSha256(file, deps.chunker, signal)) !== expected) {
      return err(
        'This file’s bytes do not match the SHA-256 recorded when it was saved, so it was not saved. Try again.',
      );
    }
    return ok(file);
  } catch (error) {
    if (signal.aborted) return err('Cancelled.');
    return err(`Could not assemble this file (${error instanceof Error ? error.message : String(error)}).`);
  }
}

/** SHA-256 of all of `file`, streamed through a worker (the chunk boundaries it also finds are unused). */
async function wholeSha256(
  file: Blob,
  chunker: DownloadDeps['chunker'],
  signal: AbortSignal,
): Promise<string | undefined> {
  let sha256: string | undefined;
  for await (const batch of chunker.chunkFile(file, { batchBytes: VERIFY_BATCH_BYTES, signal })) {
    if (batch.sha256 !== undefined) sha256 = batch.sha256;
  }
  return sha256;
}

export async function chunkBytes(
  chunk: ManifestChunk,
  deps: DownloadDeps,
  signal: AbortSignal,
): Promise<Result<Blob, string>> {
  const local = await deps.chunks.get(chunk.hash);
  if (local !== undefined && local.size === chunk.size) return ok(local);

  const fetched = await deps.api.getChunk(chunk.hash, signal);
  if (!fetched.ok) {
    // Saved offline on another device: its bytes reach the relay when that device is back online.
    if (fetched.error.kind === 'not_found') {
      return err('This file hasn’t finished uploading from the device that added it. Try again once it is online.');
    }
    return err(fetched.error.message);
  }
  const verified = await deps.hashPool.hashBuffer(fetched.value, signal);
  if (verified.hash !== chunk.hash || verified.size !== chunk.size) {
    return err('A piece of this file arrived damaged. Try again.');
  }
  const bytes = new Blob([verified.bytes]);
  await deps.chunks.putMany([{ hash: chunk.hash, size: chunk.size, bytes }], { held: true });
  // The file is assembled from IndexedDB's copy, kept on disk, rather than from this Blob, whose
  // bytes Chromium keeps in the browser process for as long as anything refers to it: dropped
  // here, it goes at the page's next garbage collection, so a large download does not hold its
  // whole size in memory until it is saved.
  const kept = await deps.chunks.get(chunk.hash);
  return ok(kept !== undefined && kept.size === chunk.size ? kept : bytes);
}

/** Hands `blob` to the browser as a download named `name`. */
export function saveBlob(blob: Blob, name: string, doc: Document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.style.display = 'none';
  doc.body.append(link);
  link.click();
  link.remove();
  // The browser reads the URL asynchronously after the click; revoking at once can cancel it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
