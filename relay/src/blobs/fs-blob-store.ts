// The BlobStore on a local filesystem: a chunk put alone is one file under fan-out folders
// `ab/<hash>` (chunks stored before that layout stay readable at `ab/cd/<hash>`); the chunks of a
// batch are one pack file under `packs/` (fs-packs.ts). Owns crash safety: bytes are verified,
// written to `tmp/`, fsynced, then renamed into place, so a file at a chunk's path, and a pack in
// `packs/`, always holds full, verified bytes.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import type { ChunkHash } from '@sheaf/shared/ids';
import { type Result, ok } from '@sheaf/shared/result';
import {
  type BlobBatch,
  type BlobStore,
  type ByteRange,
  type PutError,
  type PutOutcome,
  assertByteRange,
  readVerified,
} from './blob-store.js';
import { FsBlobBatch } from './fs-blob-batch.js';
import { PACKS_DIR, Packs } from './fs-packs.js';
import {
  FAN_OUT_FOLDERS,
  fanOutPath,
  findLegacyFolders,
  fsyncPath,
  heldSize,
  isNotFound,
  legacyFanOutPath,
  writeAll,
} from './fs-files.js';

export { fanOutPath, legacyFanOutPath };

const TEMP_DIR = 'tmp';

/** {@link BlobStore} on a local folder; see the module comment for the on-disk layout. */
export class FsBlobStore implements BlobStore {
  readonly #root: string;
  readonly #tempDir: string;
  readonly #packs: Packs;
  /** See {@link heldSize}. */
  readonly #legacyFolders: ReadonlySet<string>;

  private constructor(root: string, packs: Packs, legacyFolders: ReadonlySet<string>) {
    this.#root = root;
    this.#legacyFolders = legacyFolders;
    this.#tempDir = join(root, TEMP_DIR);
    this.#packs = packs;
  }

  /**
   * Opens (creating if needed) a store rooted at `root`. Temp files left by a crash mid-put are
   * removed: a store owns its root alone, so no put can be in flight at open.
   */
  static async open(root: string): Promise<FsBlobStore> {
    const tempDir = join(root, TEMP_DIR);
    await mkdir(tempDir, { recursive: true });
    for (const name of await readdir(tempDir)) await rm(join(tempDir, name), { force: true });
    // Made once here, so that no put makes (and flushes) a folder of its own.
    const existing = new Set(await readdir(root));
    const lacking = [...FAN_OUT_FOLDERS, PACKS_DIR].filter((name) => !existing.has(name));
    for (const name of lacking) await mkdir(join(root, name), { recursive: true });
    if (lacking.length > 0) await fsyncPath(root);
    // Only folders that were there before can hold chunks of the older layout.
    const before = FAN_OUT_FOLDERS.filter((name) => existing.has(name));
    return new FsBlobStore(root, await Packs.open(join(root, PACKS_DIR)), await findLegacyFolders(root, before));
  }

  /** {@inheritDoc BlobStore.put} */
  async put(hash: ChunkHash, body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Result<PutOutcome, PutError>> {
    const finalPath = fanOutPath(this.#root, hash);
    if ((await this.size(hash)) !== undefined) {
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
      if ((await this.size(hash)) !== undefined) return ok({ size: verified.value, stored: false });
      await rename(tempPath, finalPath);
      placed = true;
      await fsyncPath(dirname(finalPath));
      return ok({ size: verified.value, stored: true });
    } finally {
      // Cleanup after a failure must not hide the failure, so its own errors are dropped.
      if (!placed) await rm(tempPath, { force: true }).catch(() => undefined);
    }
  }

  /** {@inheritDoc BlobStore.has} */
  async has(hash: ChunkHash): Promise<boolean> {
    return (await this.size(hash)) !== undefined;
  }

  /** {@inheritDoc BlobStore.size} */
  async size(hash: ChunkHash): Promise<number | undefined> {
    return this.#packs.locate(hash)?.size ?? (await heldSize(this.#root, hash, this.#legacyFolders));
  }

  /** {@inheritDoc BlobStore.get} */
  async get(hash: ChunkHash, range?: ByteRange): Promise<Readable | undefined> {
    if (range !== undefined) assertByteRange(range);
    const packed = this.#packs.locate(hash);
    if (packed !== undefined) {
      const file = await openIfHeld(this.#packs.pathOf(packed.pack));
      if (file !== undefined) return readSpan(file, packed.offset, packed.size, range);
    }
    const file =
      (await openIfHeld(fanOutPath(this.#root, hash))) ?? (await openIfHeld(legacyFanOutPath(this.#root, hash)));
    if (file === undefined) return undefined;
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
    await rm(legacyFanOutPath(this.#root, hash), { force: true });
    await this.#packs.delete(hash);
  }

  /** {@inheritDoc BlobStore.batch} */
  batch(): BlobBatch {
    return new FsBlobBatch(async (hash) => (await this.size(hash)) !== undefined, this.#tempDir, this.#packs);
  }
}

async function openIfHeld(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The bytes `range` (clamped) of a chunk at `offset`, `size` bytes long, in an open pack. */
function readSpan(file: FileHandle, offset: number, size: number, range: ByteRange | undefined): Readable {
  const start = Math.min(range?.start ?? 0, size);
  const end = Math.min(range?.end ?? size, size);
  if (start >= end) {
    void file.close().catch(() => undefined);
    return Readable.from([], { objectMode: false });
  }
  // createReadStream's `end` is inclusive; the stream closes the handle when it ends.
  return file.createReadStream({ start: offset + start, end: offset + end - 1 });
}
