// The BlobStore in memory, for unit tests and throwaway relays. It passes the same contract suite as
// the filesystem store, so a test that passes against it says something about production.
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

/** {@link BlobStore} in a Map; chunks are copied in and out, so no caller can alter a stored chunk. */
export class MemoryBlobStore implements BlobStore {
  readonly #chunks = new Map<ChunkHash, Uint8Array>();

  /** {@inheritDoc BlobStore.put} */
  async put(hash: ChunkHash, body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Result<PutOutcome, PutError>> {
    if (this.#chunks.has(hash)) {
      const verified = await readVerified(hash, body, maxBytes, () => undefined);
      return verified.ok ? ok({ size: verified.value, stored: false }) : verified;
    }
    // Pieces are copied: a producer may reuse its buffer once the next piece is asked for.
    const pieces: Uint8Array[] = [];
    const verified = await readVerified(hash, body, maxBytes, (piece) => {
      pieces.push(piece.slice());
    });
    if (!verified.ok) return verified;
    // A concurrent put of the same chunk may have finished meanwhile; keep the first.
    if (this.#chunks.has(hash)) return ok({ size: verified.value, stored: false });
    this.#chunks.set(hash, concat(pieces, verified.value));
    return ok({ size: verified.value, stored: true });
  }

  /** {@inheritDoc BlobStore.has} */
  has(hash: ChunkHash): Promise<boolean> {
    return Promise.resolve(this.#chunks.has(hash));
  }

  /** {@inheritDoc BlobStore.size} */
  size(hash: ChunkHash): Promise<number | undefined> {
    return Promise.resolve(this.#chunks.get(hash)?.byteLength);
  }

  /** {@inheritDoc BlobStore.get} */
  get(hash: ChunkHash, range?: ByteRange): Promise<Readable | undefined> {
    if (range !== undefined) {
      try {
        assertByteRange(range);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    const chunk = this.#chunks.get(hash);
    if (chunk === undefined) return Promise.resolve(undefined);
    const bytes = range === undefined ? chunk : chunk.subarray(range.start, range.end);
    // Buffer.from copies, so a reader that scribbles on what it got leaves the stored chunk intact.
    const pieces = bytes.byteLength === 0 ? [] : [Buffer.from(bytes)];
    return Promise.resolve(Readable.from(pieces, { objectMode: false }));
  }

  /** {@inheritDoc BlobStore.delete} */
  delete(hash: ChunkHash): Promise<void> {
    this.#chunks.delete(hash);
    return Promise.resolve();
  }

  /** {@inheritDoc BlobStore.batch} */
  batch(): BlobBatch {
    const chunks = this.#chunks;
    const staged: Array<{ hash: ChunkHash; bytes: Uint8Array }> = [];
    let open = true;
    return {
      async add(hash, body, maxBytes) {
        if (!open) throw new Error('bug: a chunk added to a batch already committed or discarded');
        const pieces: Uint8Array[] = [];
        const verified = await readVerified(hash, body, maxBytes, (piece) => {
          pieces.push(piece.slice());
        });
        if (!verified.ok) return verified;
        staged.push({ hash, bytes: concat(pieces, verified.value) });
        return ok({ size: verified.value });
      },
      commit() {
        if (!open) return Promise.reject(new Error('bug: a batch committed twice or after discard'));
        open = false;
        const outcomes = staged.map(({ hash, bytes }) => {
          if (chunks.has(hash)) return { size: bytes.byteLength, stored: false };
          chunks.set(hash, bytes);
          return { size: bytes.byteLength, stored: true };
        });
        staged.length = 0;
        return Promise.resolve(outcomes);
      },
      discard() {
        open = false;
        staged.length = 0;
        return Promise.resolve();
      },
    };
  }
}

function concat(pieces: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.byteLength;
  }
  return out;
}
