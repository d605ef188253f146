// The BlobStore on a local filesystem: a chunk put alone is one file under fan-out folders
// `ab/<hash>` (chunks stored before that layout stay readable at `ab/cd/<hash>`); the chunks of a
// batch are one pack file under `packs/` (fs-packs.ts). Owns crash safety: bytes are verified,
// written to `tmp/`, fsynced, then renamed into place, so a file at a chunk's path, and a pack in
// `packs/`, always holds full, verified bytes. Given a sealer (chunk-seal.ts), every chunk is sealed
// as it is written and opened (verified whole, at most 4 MiB + 32 bytes) before a byte of it is read
// out; chunks stored plain before sealing was turned on are still read, checked by their hash.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import type { ChunkHash } from '@sheaf/shared/ids';
import { MAX_CHUNK_BYTES } from '@sheaf/shared/protocol/chunk-put';
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
import { type ChunkSealer, SEAL_OVERHEAD, SealBrokenError } from './chunk-seal.js';
import { FsBlobBatch } from './fs-blob-batch.js';
import { ChunkFiles } from './fs-chunk-files.js';
import { PACKS_DIR, Packs } from './fs-packs.js';
import {
  FAN_OUT_FOLDERS,
  fanOutPath,
  fsyncPath,
  isNotFound,
  legacyFanOutPath,
  type ReadAt,
  readChunkPieces,
  readExactly,
  readFileStart,
  readInto,
  sizeOf,
  writeAll,
} from './fs-files.js';
import { HeldPieces } from './held-pieces.js';
import { type LentBuffer, ReadBuffers } from './read-buffers.js';

export { fanOutPath, legacyFanOutPath };

const TEMP_DIR = 'tmp';
/** No stored chunk is longer; a longer one is damage, refused before it is read into memory. */
const MAX_STORED_BYTES = MAX_CHUNK_BYTES + SEAL_OVERHEAD;
/**
 * Read buffers a store keeps between reads: a download reads one chunk while it sends the one
 * before, so two serve one download, and a few more some downloads at once (at most 16 MiB idle).
 */
const SPARE_READ_BUFFERS = 4;
/** Enough of a stored chunk's start to tell whether it is sealed. */
const HEAD_BYTES = 4;

export type FsBlobStoreOptions = {
  /** Seals the chunks written from now on; without it chunks are written and read as they are. */
  readonly sealer?: ChunkSealer | undefined;
  /** How a sealed store reads its chunk files, one read(2) at a time; tests cut reads short with it. */
  readonly readAt?: ReadAt | undefined;
};

/** {@link BlobStore} on a local folder; see the module comment for the on-disk layout. */
export class FsBlobStore implements BlobStore {
  readonly #root: string;
  readonly #tempDir: string;
  readonly #packs: Packs;
  /** The chunks stored as files of their own; with #packs, everything the store holds. */
  readonly #files: ChunkFiles;
  readonly #sealer: ChunkSealer | undefined;
  readonly #readAt: ReadAt | undefined;
  readonly #readBuffers = new ReadBuffers(MAX_STORED_BYTES + 1, SPARE_READ_BUFFERS);

  private constructor(root: string, packs: Packs, files: ChunkFiles, options: FsBlobStoreOptions) {
    this.#root = root;
    this.#sealer = options.sealer;
    this.#readAt = options.readAt;
    this.#files = files;
    this.#tempDir = join(root, TEMP_DIR);
    this.#packs = packs;
  }

  /**
   * Opens (creating if needed) a store rooted at `root`. Temp files left by a crash mid-put are
   * removed: a store owns its root alone, so no put can be in flight at open.
   */
  static async open(root: string, options: FsBlobStoreOptions = {}): Promise<FsBlobStore> {
    const tempDir = join(root, TEMP_DIR);
    await mkdir(tempDir, { recursive: true });
    for (const name of await readdir(tempDir)) await rm(join(tempDir, name), { force: true });
    // Made once here, so that no put makes (and flushes) a folder of its own.
    const existing = new Set(await readdir(root));
    const lacking = [...FAN_OUT_FOLDERS, PACKS_DIR].filter((name) => !existing.has(name));
    for (const name of lacking) await mkdir(join(root, name), { recursive: true });
    if (lacking.length > 0) await fsyncPath(root);
    // Only folders that were there before can hold chunks.
    const before = FAN_OUT_FOLDERS.filter((name) => existing.has(name));
    const packs = await Packs.open(join(root, PACKS_DIR));
    return new FsBlobStore(root, packs, await ChunkFiles.list(root, before), options);
  }

  /** {@inheritDoc BlobStore.put} */
  async put(hash: ChunkHash, body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Result<PutOutcome, PutError>> {
    const finalPath = fanOutPath(this.#root, hash);
    if (this.#held(hash)) {
      const verified = await readVerified(hash, body, maxBytes, () => undefined);
      return verified.ok ? ok({ size: verified.value, stored: false }) : verified;
    }

    // Held until the hash is known, then written in one call: one write beats one per 64 KiB piece.
    const verified = await readChunkPieces(hash, body, maxBytes, this.#sealer);
    if (!verified.ok) return verified;
    const { size, pieces } = verified.value;

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
      if (this.#held(hash)) return ok({ size, stored: false });
      await rename(tempPath, finalPath);
      placed = true;
      // Only now: a chunk counted as held must be readable. Until here a concurrent put of it writes
      // its own file (the same bytes, renamed over this one) and a batch packs it again (harmless).
      this.#files.added(hash);
      await fsyncPath(dirname(finalPath));
      return ok({ size, stored: true });
    } finally {
      // Cleanup after a failure must not hide the failure, so its own errors are dropped.
      if (!placed) await rm(tempPath, { force: true }).catch(() => undefined);
    }
  }

  /** {@inheritDoc BlobStore.has} */
  has(hash: ChunkHash): Promise<boolean> {
    return Promise.resolve(this.#held(hash));
  }

  /** {@inheritDoc BlobStore.size} */
  async size(hash: ChunkHash): Promise<number | undefined> {
    const packed = this.#packs.locate(hash);
    if (packed !== undefined) return packed.sealed ? packed.size - SEAL_OVERHEAD : packed.size;
    const path = this.#files.pathOf(hash);
    if (path === undefined) return undefined;
    if (this.#sealer === undefined) return sizeOf(path);
    // A file may be sealed or from before sealing; only its first bytes tell.
    const file = await openIfHeld(path);
    if (file === undefined) return undefined;
    try {
      const { size } = await file.stat();
      const head = await readExactly(file, Math.min(HEAD_BYTES, size), 0);
      return this.#sealer.plainSize(head, size);
    } finally {
      await file.close();
    }
  }

  /**
   * {@inheritDoc BlobStore.get}
   *
   * With a sealer, the whole chunk is read and its seal (or, for a chunk stored plain, its hash)
   * verified before the stream is handed out; rejects with SealBrokenError when it does not verify.
   */
  async get(hash: ChunkHash, range?: ByteRange): Promise<Readable | undefined> {
    if (range !== undefined) assertByteRange(range);
    const packed = this.#packs.locate(hash);
    if (packed !== undefined) {
      const file = await openIfHeld(this.#packs.pathOf(packed.pack));
      if (file !== undefined) {
        if (this.#sealer !== undefined) {
          return openedSpan(this.#sealer, this.#readBuffers, hash, file, packed.offset, packed.size, range);
        }
        if (packed.sealed) {
          await file.close();
          throw new Error(`chunk ${hash} is sealed, but the store was opened without the master key`);
        }
        return readSpan(file, packed.offset, packed.size, range);
      }
    }
    const path = this.#files.pathOf(hash);
    if (path === undefined) return undefined;
    if (this.#sealer !== undefined) {
      return openedFile(this.#sealer, this.#readBuffers, hash, path, range, this.#readAt);
    }
    const file = await openIfHeld(path);
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
    this.#files.removed(hash);
    await rm(fanOutPath(this.#root, hash), { force: true });
    await rm(legacyFanOutPath(this.#root, hash), { force: true });
    await this.#packs.delete(hash);
  }

  /** {@inheritDoc BlobStore.batch} */
  batch(): BlobBatch {
    return new FsBlobBatch((hash) => this.#held(hash), this.#tempDir, this.#packs, this.#sealer);
  }

  /** Whether the chunk is stored, packed or as a file; from memory, never touching the disk. */
  #held(hash: ChunkHash): boolean {
    return this.#packs.locate(hash) !== undefined || this.#files.has(hash);
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

/**
 * The bytes `range` (clamped) of the plaintext of a chunk stored at `offset`, `storedSize` bytes
 * long, in an open file, which this closes. The whole chunk is read and opened first: no byte of a
 * chunk whose seal does not verify is ever handed out.
 */
async function openedSpan(
  sealer: ChunkSealer,
  readBuffers: ReadBuffers,
  hash: ChunkHash,
  file: FileHandle,
  offset: number,
  storedSize: number,
  range: ByteRange | undefined,
): Promise<Readable> {
  if (storedSize > MAX_STORED_BYTES) {
    await file.close();
    throw new SealBrokenError(hash);
  }
  const lent = readBuffers.lend(storedSize);
  let opened: Uint8Array[];
  try {
    try {
      await readInto(file, lent.bytes, offset);
    } finally {
      await file.close();
    }
    opened = sealer.openPieces(hash, lent.bytes);
  } catch (error) {
    lent.release();
    throw error;
  }
  return spanOf(opened, lent, range);
}

/**
 * As {@link openedSpan}, for a chunk stored as a file of its own at `path`; undefined when there is
 * no such file (deleted since it was listed). Read in one go into a buffer one byte longer than any
 * chunk: a file that fills it is too long to be a chunk, and one read that stops short is its end.
 */
async function openedFile(
  sealer: ChunkSealer,
  readBuffers: ReadBuffers,
  hash: ChunkHash,
  path: string,
  range: ByteRange | undefined,
  readAt: ReadAt | undefined,
): Promise<Readable | undefined> {
  const options = readAt === undefined ? {} : { readAt };
  const lent = readBuffers.lend(MAX_STORED_BYTES + 1);
  const opening = (length: number): Uint8Array[] => {
    if (length > MAX_STORED_BYTES) throw new SealBrokenError(hash);
    return sealer.openPieces(hash, lent.bytes.subarray(0, length));
  };
  let opened: Uint8Array[];
  try {
    const length = await readFileStart(path, lent.bytes, options);
    if (length === undefined) {
      lent.release();
      return undefined;
    }
    try {
      opened = opening(length);
    } catch (error) {
      if (!(error instanceof SealBrokenError)) throw error;
      // Taking one short read as the end is right for a local file; before calling the chunk damaged,
      // make sure of it by reading on to the end (only a chunk that fails to open pays for this).
      const whole = await readFileStart(path, lent.bytes, { ...options, toEnd: true });
      if (whole === undefined || whole === length) throw error;
      opened = opening(whole);
    }
  } catch (error) {
    lent.release();
    throw error;
  }
  return spanOf(opened, lent, range);
}

/** The bytes `range` (clamped) of a chunk opened from `lent`, which this releases or keeps. */
function spanOf(opened: Uint8Array[], lent: LentBuffer, range: ByteRange | undefined): Readable {
  // A sealed chunk opens into buffers of its own; one stored plain is handed out as it was read.
  if (opened.some((piece) => piece.buffer === lent.bytes.buffer)) lent.keep();
  else lent.release();
  const plainSize = opened.reduce((sum, piece) => sum + piece.byteLength, 0);
  const start = Math.min(range?.start ?? 0, plainSize);
  const end = Math.min(range?.end ?? plainSize, plainSize);
  if (start === 0 && end === plainSize) return new HeldPieces(opened);
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const piece of opened) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + piece.byteLength);
    if (from < to) pieces.push(piece.subarray(from - at, to - at));
    at += piece.byteLength;
  }
  return new HeldPieces(pieces);
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
