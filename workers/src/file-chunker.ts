// The chunk worker's work, with the platform injected so that it runs (and is tested) in Node too:
// a file's byte stream is read straight into a batch's buffer, cut into FastCDC chunks there
// (shared/chunking) and fed to the whole file's SHA-256 as it is cut; then the batch goes whole to
// the chunk digests. Buffers the caller hands back are read into again: fresh memory page-faults in
// at ~1 ms per MiB on the VMs measured, as much as a third of what hashing the bytes costs.
// Reads are pulled a batch at a time: while the caller stores and sends one batch, the next has its
// chunks digested and the one after is cut, never more, so memory holds about three batches.
import {
  createChunker,
  MAX_CHUNK_BYTES,
  type ChunkBoundary,
  type ChunkerOptions,
} from '@sheaf/shared/chunking/fastcdc';
import { toHex } from '@sheaf/shared/hex';
import { ChunkHash } from '@sheaf/shared/ids';
import type { ChunkApi, ChunkBatch, FileChunk } from './chunk-api.js';
import { wholeHash, type ChunkDigests, type DigestedChunks, type WholeHash } from './file-hash.js';
import { byteReader, type ByteReader } from './stream-pieces.js';

export type FileChunkerDeps = {
  /** Each chunk's SHA-256, a batch at a time: on a thread of its own in the worker. */
  readonly chunkDigests: ChunkDigests;
  /** The whole file's SHA-256, fresh or resumed from a saved state; hash-wasm's by default. */
  readonly wholeHash?: (state: Uint8Array | undefined) => Promise<WholeHash>;
  /** How a file's bytes from `start` on are read; `file.slice(start).stream()` by default. */
  readonly stream?: (file: Blob, start: number) => ReadableStream<Uint8Array>;
  /** Chunk sizes; the shipped ones by default, small ones in tests. */
  readonly chunker?: ChunkerOptions;
};

/** The most one read asks for: about a chunk, so each read ends one or two and the tail moved to the next batch stays small. */
const READ_BYTES = 1024 * 1024;
/** Buffers kept for reuse: the caller's batch, the digested one, the one being cut, and a spare. */
const KEPT_BUFFERS = 4;

type CutChunk = {
  readonly offset: number;
  readonly size: number;
  /** Where it sits in the buffer. */ readonly at: number;
};

/** A batch cut and fed to the whole hash, its chunks not digested yet; `buffer` holds them from 0. */
type Cut = Omit<ChunkBatch, 'chunks'> & { readonly buffer: ArrayBuffer; readonly chunks: readonly CutChunk[] };

type Pending = { readonly cut: Cut; readonly digested: Promise<DigestedChunks> | undefined };

type Read = {
  readonly cuts: AsyncGenerator<Cut, void, undefined>;
  /** The batch being prepared while the caller handles the last one. */
  ahead: Promise<Pending | undefined> | undefined;
  readonly stop: () => void;
};

export function createFileChunker(deps: FileChunkerDeps): ChunkApi {
  const reads = new Map<number, Read>();
  const streamOf = deps.stream ?? ((file: Blob, start: number) => file.slice(start).stream());
  const hashOf = deps.wholeHash ?? wholeHash;
  const buffers = bufferPool();
  let nextId = 1;

  const forget = (id: number): void => {
    reads.get(id)?.stop();
    reads.delete(id);
  };

  /** The next cut of `read`, its digests asked for at once so that they run while the next is cut. */
  const step = async (read: Read): Promise<Pending | undefined> => {
    const result = await read.cuts.next();
    if (result.done === true) return undefined;
    const cut = result.value;
    if (cut.chunks.length === 0) {
      buffers.give([cut.buffer]);
      return { cut, digested: undefined };
    }
    const ranges = cut.chunks.map(({ at, size }) => ({ at, size }));
    return { cut, digested: later(deps.chunkDigests(cut.buffer, ranges)) };
  };

  return {
    async open(file, options) {
      const start = options.start ?? 0;
      if (!Number.isSafeInteger(start) || start < 0 || start > file.size) {
        throw new RangeError(`start ${start} outside the file's ${file.size} bytes`);
      }
      if (!Number.isSafeInteger(options.batchBytes) || options.batchBytes < 1) {
        throw new RangeError(`invalid batch size ${options.batchBytes}`);
      }
      const complete = start === 0 || options.hashState !== undefined;
      const whole = complete ? await hashOf(options.hashState) : undefined;
      const reader = byteReader(streamOf(file, start));
      const id = nextId++;
      const cuts = cutBatches(reader, {
        start,
        fileBytes: file.size,
        batchBytes: options.batchBytes,
        chunker: deps.chunker ?? {},
        whole,
        buffers,
      });
      reads.set(id, { cuts, ahead: undefined, stop: () => reader.stop() });
      return id;
    },

    async next(id, returned = []) {
      buffers.give(returned);
      const read = reads.get(id);
      if (read === undefined) throw new Error(`no read ${id}: it ended or was cancelled`);
      const pending = read.ahead ?? step(read);
      read.ahead = undefined;
      let batch: ChunkBatch;
      try {
        const got = await pending;
        if (got === undefined) throw new Error(`no read ${id}: it ended`);
        if (!got.cut.done && reads.get(id) === read) {
          // One batch ahead, no more: cut it while this one's chunks are digested and the caller
          // handles it, so the caller's next call finds it ready (or under way).
          const ahead = step(read);
          // A failure is reported by the next call; until then it is not unhandled.
          ahead.catch(() => undefined);
          read.ahead = ahead;
        }
        batch = await settle(got);
      } catch (error) {
        forget(id);
        throw error;
      }
      if (batch.done) forget(id);
      return batch;
    },

    cancel(id) {
      forget(id);
      return Promise.resolve();
    },
  };
}

/** `promise`, its failure reported only where it is awaited. */
function later<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The batch once its chunks are digested, each chunk a view of the buffer the digests gave back. */
async function settle({ cut, digested }: Pending): Promise<ChunkBatch> {
  // The buffer travels in the chunks' views, not beside them.
  const { buffer: _sent, chunks: _cut, ...rest } = cut;
  if (digested === undefined) return { ...rest, chunks: [] };
  const { buffer: back, hashes } = await digested;
  const chunks = cut.chunks.map(({ offset, size, at }, i): FileChunk => {
    const hash = hashes[i];
    if (hash === undefined) throw new Error(`no digest for the chunk at ${offset}`);
    return { hash: ChunkHash.parse(toHex(hash)), offset, size, bytes: new Uint8Array(back, at, size) };
  });
  return { ...rest, chunks };
}

type BufferPool = {
  /** A buffer of at least `bytes`: a kept one when one fits, else a new one. */
  take(bytes: number): ArrayBuffer;
  give(buffers: readonly ArrayBuffer[]): void;
};

function bufferPool(): BufferPool {
  const kept: ArrayBuffer[] = [];
  return {
    take(bytes) {
      let best = -1;
      for (const [i, buffer] of kept.entries()) {
        if (buffer.byteLength >= bytes && (best < 0 || buffer.byteLength < (kept[best]?.byteLength ?? 0))) best = i;
      }
      return best < 0 ? new ArrayBuffer(bytes) : (kept.splice(best, 1)[0] ?? new ArrayBuffer(bytes));
    },
    give(buffers) {
      // A detached buffer (transferred away meanwhile) has no bytes left to reuse.
      for (const buffer of buffers) if (buffer.byteLength > 0 && !kept.includes(buffer)) kept.push(buffer);
      if (kept.length > KEPT_BUFFERS) {
        kept.sort((a, b) => b.byteLength - a.byteLength);
        kept.length = KEPT_BUFFERS;
      }
    },
  };
}

type CutOptions = {
  readonly start: number;
  readonly fileBytes: number;
  readonly batchBytes: number;
  readonly chunker: ChunkerOptions;
  /** The whole file's hash, when this read covers every byte from 0 (or resumes a state). */
  readonly whole: WholeHash | undefined;
  readonly buffers: BufferPool;
};

/**
 * Batches of at least `batchBytes` (the last one excepted), each in a buffer of its own that the
 * stream was read into. A batch ends at the first chunk that brings it to `batchBytes`; the bytes
 * read past it (the next chunks, at most a read and a chunk) are moved to the next batch's buffer.
 * Each chunk goes to the whole hash as it is cut, so the state saved at a batch's end is its `end`'s.
 */
async function* cutBatches(reader: ByteReader, options: CutOptions): AsyncGenerator<Cut, void, undefined> {
  const { start, fileBytes, batchBytes, whole, buffers } = options;
  const chunker = createChunker(options.chunker);
  // A batch under batchBytes and a chunk under the largest always fit, with room to read more.
  const capacity = batchBytes + (options.chunker.maxBytes ?? MAX_CHUNK_BYTES);
  // One byte more than the file holds: the read that finds the end needs room.
  const sizeFrom = (at: number): number => Math.max(1, Math.min(capacity, fileBytes - at + 1));
  /** File offset of buffer[0]. */
  let base = start;
  let buffer = buffers.take(sizeFrom(base));
  /** Bytes read into buffer. */
  let filled = 0;
  let chunks: CutChunk[] = [];
  let batched = 0;

  const stateAt = (): { hashState?: Uint8Array } => (whole === undefined ? {} : { hashState: whole.save() });

  function* add(boundaries: readonly ChunkBoundary[]): Generator<Cut, void, undefined> {
    for (const { offset, length } of boundaries) {
      const at = start + offset - base;
      whole?.update(new Uint8Array(buffer, at, length));
      chunks.push({ offset: start + offset, size: length, at });
      batched += length;
      if (batched < batchBytes) continue;
      const end = at + length;
      const next = buffers.take(Math.max(filled - end + 1, sizeFrom(base + end)));
      new Uint8Array(next).set(new Uint8Array(buffer, end, filled - end));
      const cut: Cut = { buffer, chunks, end: base + end, ...stateAt(), done: false };
      buffer = next;
      filled -= end;
      base += end;
      chunks = [];
      batched = 0;
      yield cut;
    }
  }

  for (;;) {
    if (filled === buffer.byteLength) {
      // Only when the file grew since it was opened: its size no longer bounds what is read.
      const bigger = new ArrayBuffer(Math.max(capacity, 2 * filled));
      new Uint8Array(bigger).set(new Uint8Array(buffer, 0, filled));
      buffer = bigger;
    }
    const got = await reader.read(new Uint8Array(buffer, filled, Math.min(READ_BYTES, buffer.byteLength - filled)));
    buffer = got.buffer;
    if (got.bytes === 0) break;
    const boundaries = chunker.push(new Uint8Array(buffer, filled, got.bytes));
    filled += got.bytes;
    yield* add(boundaries);
  }
  yield* add(chunker.end());
  // The state first: a hasher cannot be saved once it has given its digest.
  const state = stateAt();
  const sha256 = whole === undefined ? {} : { sha256: ChunkHash.parse(toHex(whole.digest())) };
  yield { buffer, chunks, end: base + filled, ...state, done: true, ...sha256 };
}
