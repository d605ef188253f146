// The BlobStore on a local filesystem: one file per chunk under fan-out folders `ab/cd/<hash>`.
// Owns crash safety: a chunk is written to `tmp/`, fsynced, verified, then renamed into place, so a
// file at a chunk's path always holds the chunk's full, verified bytes.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { ChunkHash } from '@sheaf/shared/ids';
import { type Result, ok } from '@sheaf/shared/result';
import {
  type BlobStore,
  type ByteRange,
  type PutError,
  type PutOutcome,
  assertByteRange,
  readVerified,
} from './blob-store.js';

const TEMP_DIR = 'tmp';

/**
 * Where a chunk lives under `root`. Fan-out by the first two bytes keeps folders small (65,536 leaf
 * folders before any holds more than a few hundred files at a million chunks).
 */
export function fanOutPath(root: string, hash: ChunkHash): string {
  // Re-checked because this string becomes a path: a brand can be forged with a cast, a path
  // traversal cannot be taken back.
  const checked = ChunkHash.parse(hash);
  return join(root, checked.slice(0, 2), checked.slice(2, 4), checked);
}

/** {@link BlobStore} on a local folder; see the module comment for the on-disk layout. */
export class FsBlobStore implements BlobStore {
  readonly #root: string;
  readonly #tempDir: string;

  private constructor(root: string) {
    this.#root = root;
    this.#tempDir = join(root, TEMP_DIR);
  }

  /**
   * Opens (creating if needed) a store rooted at `root`. Temp files left by a crash mid-put are
   * removed: a store owns its root alone, so no put can be in flight at open.
   */
  static async open(root: string): Promise<FsBlobStore> {
    const store = new FsBlobStore(root);
    await mkdir(store.#tempDir, { recursive: true });
    for (const name of await readdir(store.#tempDir)) await rm(join(store.#tempDir, name), { force: true });
    return store;
  }

  /** {@inheritDoc BlobStore.put} */
  async put(hash: ChunkHash, body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Result<PutOutcome, PutError>> {
    const finalPath = fanOutPath(this.#root, hash);
    if ((await sizeOf(finalPath)) !== undefined) {
      const verified = await readVerified(hash, body, maxBytes, () => undefined);
      return verified.ok ? ok({ size: verified.value, stored: false }) : verified;
    }

    // A chunk is at most `maxBytes` (4 MiB), so its pieces are held until the hash is known and then
    // written in one call: a mismatch touches no disk, and one write beats a write per 64 KiB piece.
    const pieces: Uint8Array[] = [];
    const verified = await readVerified(hash, body, maxBytes, (piece) => void pieces.push(piece));
    if (!verified.ok) return verified;

    // The temp file sits under the root so that the rename stays within one filesystem (atomic).
    const tempPath = join(this.#tempDir, `${hash}.${randomUUID()}`);
    let placed = false;
    try {
      const file = await open(tempPath, 'wx');
      try {
        await writeAll(file, pieces);
        await file.sync();
      } finally {
        await file.close();
      }
      // A concurrent put of the same chunk may have landed meanwhile; its bytes are the same.
      if ((await sizeOf(finalPath)) !== undefined) return ok({ size: verified.value, stored: false });
      await this.#makeParents(finalPath);
      await rename(tempPath, finalPath);
      placed = true;
      await fsyncDirectory(dirname(finalPath));
      return ok({ size: verified.value, stored: true });
    } finally {
      // Cleanup after a failure must not hide the failure, so its own errors are dropped.
      if (!placed) await rm(tempPath, { force: true }).catch(() => undefined);
    }
  }

  /** {@inheritDoc BlobStore.has} */
  async has(hash: ChunkHash): Promise<boolean> {
    return (await sizeOf(fanOutPath(this.#root, hash))) !== undefined;
  }

  /** {@inheritDoc BlobStore.size} */
  size(hash: ChunkHash): Promise<number | undefined> {
    return sizeOf(fanOutPath(this.#root, hash));
  }

  /** {@inheritDoc BlobStore.get} */
  async get(hash: ChunkHash, range?: ByteRange): Promise<Readable | undefined> {
    if (range !== undefined) assertByteRange(range);
    let file: FileHandle;
    try {
      file = await open(fanOutPath(this.#root, hash), 'r');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    // From here the open handle keeps the bytes readable even if the chunk is deleted meanwhile.
    try {
      if (range === undefined) return file.createReadStream();
      const { size } = await file.stat();
      const end = Math.min(range.end, size);
      if (range.start >= end) {
        await file.close();
        return Readable.from([], { objectMode: false });
      }
      // createReadStream's `end` is inclusive.
      return file.createReadStream({ start: range.start, end: end - 1 });
    } catch (error) {
      await file.close().catch(() => undefined);
      throw error;
    }
  }

  /** {@inheritDoc BlobStore.delete} */
  async delete(hash: ChunkHash): Promise<void> {
    // No directory fsync: a delete lost in a crash only leaves a chunk for the next collection.
    await rm(fanOutPath(this.#root, hash), { force: true });
  }

  /** Creates the fan-out folders of `finalPath`, making any new folder entry durable. */
  async #makeParents(finalPath: string): Promise<void> {
    const leaf = dirname(finalPath);
    const created = await mkdir(leaf, { recursive: true });
    if (created === undefined) return;
    await fsyncDirectory(this.#root);
    await fsyncDirectory(dirname(leaf));
  }
}

async function writeAll(file: FileHandle, pieces: Uint8Array[]): Promise<void> {
  let pending = pieces;
  while (pending.length > 0) {
    let { bytesWritten } = await file.writev(pending);
    // A short write leaves the rest of the pieces, the first one possibly cut.
    const rest: Uint8Array[] = [];
    for (const piece of pending) {
      if (bytesWritten >= piece.byteLength) {
        bytesWritten -= piece.byteLength;
      } else {
        rest.push(piece.subarray(bytesWritten));
        bytesWritten = 0;
      }
    }
    pending = rest;
  }
}

/** Makes a rename or a new entry in `dir` survive a power cut (POSIX: fsync the directory). */
async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
