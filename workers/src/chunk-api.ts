// What the chunk worker offers through comlink; shared by the worker, the pool that calls it and
// the in-process copy the tests drive. A file is read as a stream of batches that the caller pulls:
// the worker reads, chunks and hashes one batch ahead of the caller, and no further.
import type { ChunkHash } from '@sheaf/shared/ids';

/** One content-defined chunk of a file, with its bytes (transferred, not copied, to the caller). */
export type FileChunk = {
  readonly hash: ChunkHash;
  /** Where the chunk starts in the file. */
  readonly offset: number;
  readonly size: number;
  /** The chunk's `size` bytes: a view of the buffer that holds the whole batch, one buffer per batch. */
  readonly bytes: Uint8Array<ArrayBuffer>;
};

/** The next chunks of a file, in order. */
export type ChunkBatch = {
  readonly chunks: readonly FileChunk[];
  /**
   * The file offset after this batch's last chunk: bytes read and hashed so far (for progress), and
   * a chunk boundary, so reading on from here with `start` gives the very chunks that would follow.
   */
  readonly end: number;
  /**
   * The whole-file SHA-256 state at `end`, to pass back with `start: end` to resume the whole hash;
   * absent when this read started past 0 without a state (its whole hash covers only part of the file).
   */
  readonly hashState?: Uint8Array;
  /** True on the last batch, which may hold no chunk (an empty file). */
  readonly done: boolean;
  /** SHA-256 of the whole file: on the last batch, when the whole hash covered every byte. */
  readonly sha256?: ChunkHash;
};

export type ChunkFileOptions = {
  /** A chunk boundary to start at (`end` of an earlier batch); 0 by default. */
  readonly start?: number;
  /** The whole-file hash state at `start` (`hashState` of that batch); without it no `sha256` comes back. */
  readonly hashState?: Uint8Array;
  /** A batch ends at the first chunk that brings it to this many bytes. */
  readonly batchBytes: number;
};

export type ChunkApi = {
  /** Starts reading `file` (a File or Blob: the worker reads it itself) and returns the read's id. */
  open(file: Blob, options: ChunkFileOptions): Promise<number>;
  /**
   * The next batch of read `id`; the read ends after the batch marked `done`. `returned` are the
   * buffers of earlier batches (of any read) that the caller is done with: the worker reads into
   * them again rather than into fresh memory, which costs a page fault per 4 KiB on first touch.
   */
  next(id: number, returned?: readonly ArrayBuffer[]): Promise<ChunkBatch>;
  /**
   * Gives back buffers as `next` does, where no call is left to carry them: a read's last batch's.
   * Without them each file read on this worker would start with a fresh buffer.
   */
  recycle(returned: readonly ArrayBuffer[]): Promise<void>;
  /** Stops read `id` and frees what it holds; a no-op for a read that already ended. */
  cancel(id: number): Promise<void>;
};
