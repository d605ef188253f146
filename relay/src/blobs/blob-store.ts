// The BlobStore port: content-addressed chunk bytes, keyed by their SHA-256. Owns the promises every
// adapter (filesystem, memory, later GCS) keeps; blob-store-contract.ts checks them against each one.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ChunkHash } from '@sheaf/shared/ids';
import { type Result, err, ok } from '@sheaf/shared/result';

/** Why a put stored nothing. Both are the uploader's fault; I/O failures reject instead. */
export type PutError =
  /** The bytes do not hash to the address they were put under; `actual` is what they hash to. */
  | { readonly kind: 'hash_mismatch'; readonly actual: ChunkHash }
  /** The body went past `maxBytes`; reading stopped there. */
  | { readonly kind: 'too_large'; readonly maxBytes: number };

/** What a successful put did. */
export type PutOutcome = {
  /** Length of the chunk in bytes. */
  readonly size: number;
  /** False when the store already held this chunk, so the call changed nothing. */
  readonly stored: boolean;
};

/** A half-open byte range `[start, end)`, as in `Uint8Array.subarray`. */
export type ByteRange = { readonly start: number; readonly end: number };

/**
 * Content-addressed chunk storage. A chunk is visible (to `has`, `size`, `get`) only once all of its
 * bytes are stored and hash to its address; a failed or concurrent put never exposes a partial blob.
 */
export interface BlobStore {
  /**
   * Streams `body` into the store under `hash`, hashing as it goes, holding at most one piece of
   * the body in memory. Idempotent: when the chunk is already held the body is still read and
   * verified, and the answer is `stored: false`.
   *
   * The body is read with `for await`, so on `too_large` the iterator is closed early; for a
   * request stream that must stay open to answer 413, pass `req.iterator({ destroyOnReturn: false })`.
   */
  put(hash: ChunkHash, body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Result<PutOutcome, PutError>>;

  /** Whether the chunk is held. */
  has(hash: ChunkHash): Promise<boolean>;

  /** The chunk's length in bytes, or undefined when it is not held. */
  size(hash: ChunkHash): Promise<number | undefined>;

  /**
   * The chunk's bytes as a byte stream, or undefined when it is not held. A `range` is clamped to the
   * chunk like `subarray`; callers answer 416 from `size` first. Rejects with a RangeError for a range
   * that is not `0 <= start <= end` integers, which only a caller's bug produces.
   */
  get(hash: ChunkHash, range?: ByteRange): Promise<Readable | undefined>;

  /** Forgets the chunk; deleting a chunk that is not held does nothing. */
  delete(hash: ChunkHash): Promise<void>;

  /**
   * Starts a batch: many chunks verified and staged one by one, then made visible together, so that
   * an adapter can make them durable with one round of flushes rather than one per chunk.
   */
  batch(): BlobBatch;
}

/**
 * Chunks put together (POST /chunks/batch). Staged chunks are invisible until `commit`; a caller
 * that gives up calls `discard`, and none of them ever becomes visible. Callers add one chunk at a
 * time (each body read whole before the next add) and call `commit` or `discard` once.
 */
export interface BlobBatch {
  /**
   * Reads and verifies one chunk as {@link BlobStore.put} does, holding at most one chunk in memory,
   * and stages it. A failed add stages nothing of that chunk; the ones before it stay staged.
   */
  add(hash: ChunkHash, body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Result<{ size: number }, PutError>>;

  /**
   * Makes every staged chunk visible and as durable as a put leaves it, and answers one outcome per
   * successful add, in order: `stored: false` for a chunk already held (or added twice). If it
   * rejects (I/O), each chunk is either whole and visible or absent, and nothing stays staged.
   */
  commit(): Promise<PutOutcome[]>;

  /** Drops whatever is staged; nothing of it becomes visible. Does nothing after `commit`. */
  discard(): Promise<void>;
}

/** Checks a requested range; see {@link BlobStore.get}. */
export function assertByteRange(range: ByteRange): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`invalid byte range [${start}, ${end})`);
  }
}

/**
 * Reads a put's body once, handing each piece to `write` while hashing it and counting its length;
 * the adapters share it so that the size limit and the hash check cannot drift apart. Answers the
 * length when the bytes hash to `hash`. Stops (closing the iterator) at the first piece past
 * `maxBytes`, before that piece is written.
 */
export async function readVerified(
  hash: ChunkHash,
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
  write: (piece: Uint8Array) => Promise<void> | void,
): Promise<Result<number, PutError>> {
  const hasher = createHash('sha256');
  let size = 0;
  for await (const piece of body) {
    // A Readable is typed as yielding `any`; one with an encoding set would yield strings.
    if (!(piece instanceof Uint8Array)) throw new TypeError('a chunk body must yield bytes, not strings');
    size += piece.byteLength;
    if (size > maxBytes) return err({ kind: 'too_large', maxBytes });
    hasher.update(piece);
    await write(piece);
  }
  const actual = hasher.digest('hex');
  return actual === hash ? ok(size) : err({ kind: 'hash_mismatch', actual: ChunkHash.parse(actual) });
}
