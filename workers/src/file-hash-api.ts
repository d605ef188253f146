// What the file-hash worker offers the chunk worker through comlink: each read's whole-file SHA-256,
// fed a batch at a time in file order, and the SHA-256 of the chunks of a batch that the chunk
// worker left to it. The batch's buffer is transferred there and back, never copied.
import type { ChunkRange } from './file-hash.js';

export type BatchToHash = {
  /** The read whose whole hash takes this batch's bytes; none when the read has no whole hash. */
  readonly read: number | undefined;
  /** File offset of the batch's first byte: where the read's whole hash must have got to. */
  readonly at: number;
  /** The batch's bytes, `buffer[0, wholeBytes)`, go to the whole hash, before any digest is taken. */
  readonly wholeBytes: number;
  /** The chunks to digest there, each alone. */
  readonly ranges: readonly ChunkRange[];
  /** The read's last batch: the whole hash gives its digest and is dropped. */
  readonly last: boolean;
};

/** What the batch cost there, in ms of `performance.now`, so that the chunk worker can balance. */
export type HashCost = {
  readonly wholeMs: number;
  readonly wholeBytes: number;
  readonly digestMs: number;
  readonly digestBytes: number;
};

export type HashedBatch = {
  /** The batch's buffer, back with its bytes. */
  readonly buffer: ArrayBuffer;
  /** SHA-256 of each range asked for, in order. */
  readonly hashes: readonly Uint8Array[];
  /** The whole hash's state after the batch, when the read has one. */
  readonly hashState?: Uint8Array;
  /** The whole file's SHA-256, on the last batch of a read that has a whole hash. */
  readonly sha256?: Uint8Array;
  readonly cost: HashCost;
};

export type FileHashApi = {
  /** Starts read `read`'s whole hash, fresh or from a saved state, at file offset `at`. */
  startWhole(read: number, at: number, state: Uint8Array | undefined): Promise<void>;
  /**
   * Feeds the batch to its read's whole hash, then digests the ranges, and hands the buffer back.
   * The whole hash is fed as the call arrives, before anything is awaited: batches sent one after
   * another are fed in the order sent, whenever their digests finish.
   */
  hashBatch(buffer: ArrayBuffer, batch: BatchToHash): Promise<HashedBatch>;
  /** Forgets read `read`'s whole hash (a cancelled or failed read); a no-op for one already gone. */
  dropWhole(read: number): Promise<void>;
};
