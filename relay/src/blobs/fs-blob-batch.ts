// A batch of chunks for the filesystem store, written as one pack (fs-packs.ts): each chunk is
// verified and appended to a temp pack as it arrives, holding one chunk in memory; commit closes the
// pack with its footer (listing only the chunks the store did not hold), flushes it, renames it into
// `packs/` and flushes that folder: two flushes for the whole batch. Given a sealer, each chunk is
// sealed as its pieces arrive and the pack is a sealed one (fs-packs.ts).
import { randomUUID } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChunkHash } from '@sheaf/shared/ids';
import { type Result, ok } from '@sheaf/shared/result';
import type { BlobBatch, PutError, PutOutcome } from './blob-store.js';
import type { ChunkSealer } from './chunk-seal.js';
import { fsyncPath, readChunkPieces, writeAll } from './fs-files.js';
import { packFooter, type PackEntry, type Packs } from './fs-packs.js';

/**
 * Small chunks are written to the pack together, once this many bytes are waiting: one write call
 * per 256 chunks of 4 KiB rather than one each. Never more than a chunk's worth is held.
 */
const WRITE_BYTES = 1024 * 1024;

export class FsBlobBatch implements BlobBatch {
  readonly #held: (hash: ChunkHash) => boolean;
  readonly #packs: Packs;
  readonly #sealer: ChunkSealer | undefined;
  /** Verified bytes not yet written to the temp pack, and how many. */
  #waiting: Uint8Array[] = [];
  #waitingBytes = 0;
  readonly #id = randomUUID();
  readonly #tempPath: string;
  #file: FileHandle | undefined;
  #written = 0;
  /** Where each distinct chunk is in the temp pack. */
  readonly #entries = new Map<ChunkHash, PackEntry>();
  /** One entry per successful add, in order. */
  readonly #added: Array<{ readonly hash: ChunkHash; readonly size: number }> = [];
  #open = true;

  /**
   * @param held whether the store holds a chunk outside this batch (as a file or in a pack), from memory.
   * @param sealer seals every chunk of the pack when given.
   */
  constructor(held: (hash: ChunkHash) => boolean, tempDir: string, packs: Packs, sealer: ChunkSealer | undefined) {
    this.#held = held;
    this.#packs = packs;
    this.#sealer = sealer;
    this.#tempPath = join(tempDir, `${this.#id}.pack`);
  }

  /** {@inheritDoc BlobBatch.add} */
  async add(
    hash: ChunkHash,
    body: AsyncIterable<Uint8Array>,
    maxBytes: number,
  ): Promise<Result<{ size: number }, PutError>> {
    if (!this.#open) throw new Error('bug: a chunk added to a batch already committed or discarded');
    // A chunk already held is staged all the same: the lock that keeps the collector from deleting
    // it is taken only at commit, and then the staged copy is what gets kept if it is gone.
    const read = await readChunkPieces(hash, body, maxBytes, this.#sealer);
    if (!read.ok) return read;
    const { size, pieces } = read.value;
    if (!this.#entries.has(hash)) {
      const storedSize = pieces.reduce((n, piece) => n + piece.byteLength, 0);
      this.#entries.set(hash, { hash, offset: this.#written, size: storedSize });
      this.#written += storedSize;
      this.#waiting.push(...pieces);
      this.#waitingBytes += storedSize;
      if (this.#waitingBytes >= WRITE_BYTES) await this.#write();
    }
    this.#added.push({ hash, size });
    return ok({ size });
  }

  /** {@inheritDoc BlobBatch.commit} */
  async commit(): Promise<PutOutcome[]> {
    if (!this.#open) throw new Error('bug: a batch committed twice or after discard');
    this.#open = false;
    const fresh: PackEntry[] = [];
    try {
      // Held already (put by someone else meanwhile, or before): its bytes in the pack stay unlisted.
      for (const entry of this.#entries.values()) if (!this.#held(entry.hash)) fresh.push(entry);
      if (fresh.length > 0) await this.#write();
      const file = this.#file;
      if (file !== undefined && fresh.length > 0) {
        await writeAll(file, [packFooter(fresh, this.#sealer !== undefined)]);
        await file.sync();
        await file.close();
        this.#file = undefined;
        const packPath = this.#packs.pathOf(this.#id);
        await rename(this.#tempPath, packPath);
        await fsyncPath(this.#packs.dir);
        this.#packs.add(this.#id, fresh, this.#sealer !== undefined);
      }
    } finally {
      await this.#removeTemp();
    }
    // Only the first add of a chunk stored it; a repeat answers stored: false like a second put.
    const stored = new Set(fresh.map((e) => e.hash));
    return this.#added.map(({ hash, size }) => {
      const first = stored.delete(hash);
      return { size, stored: first };
    });
  }

  /** {@inheritDoc BlobBatch.discard} */
  async discard(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    await this.#removeTemp();
  }

  /** Appends the bytes waiting to the temp pack, opening it on first use. */
  async #write(): Promise<void> {
    if (this.#waiting.length === 0) return;
    const pieces = this.#waiting;
    this.#waiting = [];
    this.#waitingBytes = 0;
    this.#file ??= await open(this.#tempPath, 'wx');
    await writeAll(this.#file, pieces);
  }

  async #removeTemp(): Promise<void> {
    this.#waiting = [];
    this.#waitingBytes = 0;
    // Cleanup must not hide the failure that led here; a temp file left is cleared at the next open.
    await this.#file?.close().catch(() => undefined);
    this.#file = undefined;
    await rm(this.#tempPath, { force: true }).catch(() => undefined);
  }
}
