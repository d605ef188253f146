// Test content on disk for the transfer.* benchmarks: random bytes (so nothing deduplicates or
// compresses by accident), generated a piece at a time so that a 1 GiB file never sits in memory,
// and fsynced so that its write-back does not land in the middle of a timed upload.
import { createHash, randomFillSync } from 'node:crypto';
import { open } from 'node:fs/promises';

const PIECE_BYTES = 16 * 1024 * 1024;

/** Writes `size` random bytes to `path` (a new file) and answers their SHA-256 in hex. */
export async function writeRandomFile(path: string, size: number, signal: AbortSignal): Promise<string> {
  const hasher = createHash('sha256');
  const piece = Buffer.allocUnsafeSlow(Math.min(PIECE_BYTES, size));
  const file = await open(path, 'wx');
  try {
    for (let written = 0; written < size;) {
      signal.throwIfAborted();
      const bytes = piece.subarray(0, Math.min(piece.length, size - written));
      randomFillSync(bytes);
      hasher.update(bytes);
      // A regular file takes the whole piece in one write; the loop only guards a short one.
      for (let done = 0; done < bytes.length;) {
        done += (await file.write(bytes, done, bytes.length - done, written + done)).bytesWritten;
      }
      written += bytes.length;
    }
    await file.sync();
  } finally {
    await file.close();
  }
  return hasher.digest('hex');
}

/** Writes `bytes` to `path` (a new file) and fsyncs it. */
export async function writeSyncedFile(path: string, bytes: Uint8Array): Promise<void> {
  const file = await open(path, 'wx');
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
}
