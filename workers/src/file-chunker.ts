// The chunk worker's work, with the platform injected so that it runs (and is tested) in Node too:
// a file's byte stream is read straight into a batch's buffer and cut into FastCDC chunks there
// (shared/chunking's boundaries, found in WebAssembly by gear-cut/, a few times faster than the
// shared JS loop, which stays where WebAssembly is refused); this thread digests the batch's first
// chunks once it is cut, all together so that the four-lane SHA-256 has four at a time, then the
// buffer goes to the file-hash worker, which feeds every byte to the whole file's SHA-256 and
// digests the other chunks. The whole hash is the larger cost (hash-wasm, one stream: 3.2 ms per
// MiB against 1.6 for the chunk digests in lanes, on the 2-core VMs measured), so it has the other
// thread about to itself and most digests stay here. How many is balanced on costs measured as the
// file goes (hash-balance.ts). Buffers the caller hands back are read into again: fresh memory
// page-faults in at ~1 ms per MiB on the VMs measured, as much as a third of what hashing the
// bytes costs.
// Reads are pulled a batch at a time: while the caller handles one batch, the next is cut here and
// then hashed there, never more, so memory holds about three batches.
import { MAX_CHUNK_BYTES, type ChunkBoundary, type ChunkerOptions } from '@sheaf/shared/chunking/fastcdc';
import { toHex } from '@sheaf/shared/hex';
import { ChunkHash } from '@sheaf/shared/ids';
import type { ChunkApi, ChunkBatch, FileChunk } from './chunk-api.js';
import type { FileHashApi, HashedBatch } from './file-hash-api.js';
import type { ChunkDigests, ChunkRange } from './file-hash.js';
import { createFastChunker, prepareFastChunker } from './gear-cut/gear-cut.js';
import { balancedSplit, type BatchSplit, type HashSplit } from './hash-balance.js';
import { byteReader, ReadStopped, type ByteReader } from './stream-pieces.js';

export type FileChunkerDeps = {
  /**
   * The whole file's SHA-256 and the digests of the chunks not taken here: the file-hash worker,
   * or a FileHasher on this thread where a worker cannot start workers.
   */
  readonly hasher: FileHashApi;
  /** The digests of the chunks taken here; awaited on the first batch. */
  readonly digest: ChunkDigests | Promise<ChunkDigests>;
  /** How many of a batch's chunks are digested here; balanced on measured costs by default. */
  readonly split?: HashSplit;
  /** The clock costs are timed with; `performance.now` by default. */
  readonly now?: () => number;
  /** How a file's bytes from `start` on are read; `file.slice(start).stream()` by default. */
  readonly stream?: (file: Blob, start: number) => ReadableStream<Uint8Array>;
  /** Chunk sizes; the shipped ones by default, small ones in tests. */
  readonly chunker?: ChunkerOptions;
};

/** The most one read asks for: about a chunk, so each read ends one or two and the tail moved to the next batch stays small. */
const READ_BYTES = 1024 * 1024;
/** Buffers kept for reuse: the caller's batch, the hashed one, the one being cut, and a spare. */
const KEPT_BUFFERS = 4;

type CutChunk = {
  readonly offset: number;
  readonly size: number;
  /** Where it sits in the buffer. */ readonly at: number;
};

/**
 * A batch cut, its first chunks digested here once it was; `buffer` holds its chunks back to back
 * from 0.
 */
type Cut = {
  readonly buffer: ArrayBuffer;
  readonly chunks: readonly CutChunk[];
  /** The SHA-256 of its first chunks, taken here. */
  readonly local: readonly Uint8Array[];
  /** What taking them cost, in ms of `now`. */
  readonly localMs: number;
  /** File offsets of its first byte and of the byte after its last. */
  readonly at: number;
  readonly end: number;
  readonly done: boolean;
};

/** A batch cut and on its way to the file-hash worker for the rest. */
type Pending = {
  readonly cut: Cut;
  readonly hashed: Promise<HashedBatch> | HashedBatch;
};

type Read = {
  readonly cuts: AsyncGenerator<Cut, void, undefined>;
  /** Whether the file-hash worker holds a whole hash for it. */
  readonly whole: boolean;
  /** The batch being prepared while the caller handles the last one. */
  ahead: Promise<Pending | undefined> | undefined;
  readonly stop: () => void;
};

const NOTHING_THERE = { wholeMs: 0, wholeBytes: 0, digestMs: 0, digestBytes: 0 };

export function createFileChunker(deps: FileChunkerDeps): ChunkApi {
  const { hasher } = deps;
  const reads = new Map<number, Read>();
  const streamOf = deps.stream ?? ((file: Blob, start: number) => file.slice(start).stream());
  const split = deps.split ?? balancedSplit();
  const now = deps.now ?? (() => performance.now());
  const buffers = bufferPool();
  let nextId = 1;
  prepareFastChunker();

  const forget = (id: number): void => {
    const read = reads.get(id);
    if (read === undefined) return;
    read.stop();
    reads.delete(id);
    // After the last batch there is nothing left to drop; a failed one may have left the hash.
    if (read.whole) hasher.dropWhole(id).catch(() => undefined);
  };

  /**
   * The next batch of `read`, cut and its first chunks digested here, sent at once to the
   * file-hash worker, which hashes it while this thread cuts the next one.
   */
  const step = async (id: number, read: Read): Promise<Pending | undefined> => {
    const started = now();
    const result = await read.cuts.next();
    if (result.done === true) return undefined;
    const cut = result.value;
    const { chunks, local } = cut;
    const bytes = cut.end - cut.at;
    const localBytes = chunks.slice(0, local.length).reduce((sum, { size }) => sum + size, 0);
    split.cut(now() - started - cut.localMs, bytes);
    split.local(cut.localMs, localBytes);
    const ranges = chunks.slice(local.length).map(({ at, size }) => ({ at, size }));
    if (!read.whole && ranges.length === 0) {
      return { cut, hashed: { buffer: cut.buffer, hashes: [], cost: NOTHING_THERE } };
    }
    // Cancelled while cutting: its whole hash is gone, and the batch is of no use.
    if (reads.get(id) !== read) throw new ReadStopped();
    const batch = { read: read.whole ? id : undefined, at: cut.at, wholeBytes: bytes, ranges, last: cut.done };
    return { cut, hashed: later(hasher.hashBatch(cut.buffer, batch)) };
  };

  /** The batch once the file-hash worker is done with it, each chunk a view of the buffer it gave back. */
  const settle = async ({ cut, hashed }: Pending): Promise<ChunkBatch> => {
    const { local } = cut;
    const { buffer: back, hashes: there, hashState, sha256, cost } = await hashed;
    split.remote(cost);
    const chunks = cut.chunks.map(({ offset, size, at }, i): FileChunk => {
      const hash = i < local.length ? local[i] : there[i - local.length];
      if (hash === undefined) throw new Error(`no digest for the chunk at ${offset}`);
      return { hash: ChunkHash.parse(toHex(hash)), offset, size, bytes: new Uint8Array(back, at, size) };
    });
    // The buffer travels in the chunks' views; with none, it is kept here for the next batch.
    if (chunks.length === 0) buffers.give([back]);
    return {
      chunks,
      end: cut.end,
      ...(hashState !== undefined ? { hashState } : {}),
      done: cut.done,
      ...(sha256 !== undefined ? { sha256: ChunkHash.parse(toHex(sha256)) } : {}),
    };
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
      const id = nextId++;
      const whole = start === 0 || options.hashState !== undefined;
      if (whole) await hasher.startWhole(id, start, options.hashState);
      const reader = byteReader(streamOf(file, start));
      const cuts = cutBatches(reader, {
        start,
        fileBytes: file.size,
        batchBytes: options.batchBytes,
        chunker: deps.chunker ?? {},
        buffers,
        split: (bytes) => split.batch(bytes, whole),
        digest: deps.digest,
        now,
      });
      reads.set(id, { cuts, whole, ahead: undefined, stop: () => reader.stop() });
      return id;
    },

    async next(id, returned = []) {
      buffers.give(returned);
      const read = reads.get(id);
      if (read === undefined) throw new Error(`no read ${id}: it ended or was cancelled`);
      const pending = read.ahead ?? step(id, read);
      read.ahead = undefined;
      let batch: ChunkBatch;
      try {
        const got = await pending;
        if (got === undefined) throw new Error(`no read ${id}: it ended`);
        if (!got.cut.done && reads.get(id) === read) {
          // One batch ahead, no more: cut it while this one is hashed there and the caller
          // handles it, so the caller's next call finds it ready (or under way).
          const ahead = step(id, read);
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

    recycle(returned) {
      buffers.give(returned);
      return Promise.resolve();
    },
  };
}

/** `promise`, its failure reported only where it is awaited. */
function later<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
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
  readonly buffers: BufferPool;
  /** Which of a batch's chunks to digest here, and with what. */
  readonly split: (bytes: number) => BatchSplit;
  readonly digest: ChunkDigests | Promise<ChunkDigests>;
  readonly now: () => number;
};

/**
 * Batches of at least `batchBytes` (the last one excepted), each in a buffer of its own that the
 * stream was read into. A batch ends at the first chunk that brings it to `batchBytes`; the bytes
 * read past it (the next chunks, at most a read and a chunk) are moved to the next batch's buffer.
 * The chunks taken here are digested together once the batch is cut: the lanes of a multi-buffer
 * SHA-256 take four at a time.
 */
async function* cutBatches(reader: ByteReader, options: CutOptions): AsyncGenerator<Cut, void, undefined> {
  const { start, fileBytes, batchBytes, buffers, now } = options;
  const chunker = createFastChunker(options.chunker);
  // A batch under batchBytes and a chunk under the largest always fit, with room to read more.
  const capacity = batchBytes + (options.chunker.maxBytes ?? MAX_CHUNK_BYTES);
  // One byte more than the file holds: the read that finds the end needs room.
  const sizeFrom = (at: number): number => Math.max(1, Math.min(capacity, fileBytes - at + 1));
  const digest = await options.digest;
  /** File offset of buffer[0]. */
  let base = start;
  let buffer = buffers.take(sizeFrom(base));
  /** Bytes read into buffer. */
  let filled = 0;
  let chunks: CutChunk[] = [];
  /** Where in the buffer the chunks to digest here sit. */
  let here: ChunkRange[] = [];
  let batched = 0;
  let split = options.split(batchBytes);

  /** The batch so far, its chunks taken here digested. */
  const cut = async (end: number, done: boolean): Promise<Cut> => {
    const started = now();
    const local = here.length === 0 ? [] : await digest(buffer, here);
    return { buffer, chunks, local, localMs: now() - started, at: base, end: base + end, done };
  };

  /** Adds the chunks cut from the last read; a batch once one brings it to batchBytes. */
  async function* add(boundaries: readonly ChunkBoundary[]): AsyncGenerator<Cut, void, undefined> {
    for (const { offset, length } of boundaries) {
      const at = start + offset - base;
      chunks.push({ offset: start + offset, size: length, at });
      if (split.here(length)) here.push({ at, size: length });
      batched += length;
      if (batched < batchBytes) continue;
      const end = at + length;
      const next = buffers.take(Math.max(filled - end + 1, sizeFrom(base + end)));
      new Uint8Array(next).set(new Uint8Array(buffer, end, filled - end));
      split.end();
      const batch = await cut(end, false);
      buffer = next;
      filled -= end;
      base += end;
      chunks = [];
      here = [];
      batched = 0;
      split = options.split(batchBytes);
      yield batch;
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
  split.end();
  yield await cut(filled, true);
}
