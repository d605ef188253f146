// Reads one version's bytes: each manifest chunk comes from Dexie or, failing that, from the relay,
// whose bytes are checked against their SHA-256 (in the worker pool) before being used or kept.
// The file is assembled as a Blob of chunk Blobs, so it is never copied into one buffer.
import type { ManifestChunk } from '@sheaf/shared/drive/manifest';
import type { Content } from '@sheaf/shared/drive/ops';
import { err, ok, type Result } from '@sheaf/shared/result';
import type { HashPool } from '@sheaf/workers/hash-pool';
import type { ApiClient } from '../api/client.js';
import type { ChunkStore } from '../local/chunk-store.js';
import { mapLimited } from '../lib/limit.js';

export type DownloadDeps = {
  readonly chunks: ChunkStore;
  readonly api: Pick<ApiClient, 'getChunk'>;
  readonly hashPool: Pick<HashPool, 'hashBuffer'>;
};

/** Chunk fetches in flight at once. */
const PARALLEL_GETS = 4;

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
    return ok(file);
  } catch (error) {
    if (signal.aborted) return err('Cancelled.');
    return err(`Could not assemble this file (${error instanceof Error ? error.message : String(error)}).`);
  }
}

async function chunkBytes(
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
  await deps.chunks.putMany([{ hash: chunk.hash, size: chunk.size, bytes }]);
  return ok(bytes);
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
