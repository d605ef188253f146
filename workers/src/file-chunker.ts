// The chunk worker's work, with the platform injected so that it runs (and is tested) in Node too:
// a file's byte stream is cut into FastCDC chunks (shared/chunking), and each chunk goes to a hasher
// for its own SHA-256 and the whole file's, in the same pass. Reads are pulled a batch at a time and the
// next batch is prepared while the caller stores and sends this one, never more: memory stays at
// about two batches (and the two chunks whose digests run ahead) however large the file.
import { cutChunks, type StreamChunk } from '@sheaf/shared/chunking/chunk-stream';
import type { ChunkerOptions } from '@sheaf/shared/chunking/fastcdc';
import { toHex } from '@sheaf/shared/hex';
import { ChunkHash } from '@sheaf/shared/ids';
import type { ChunkApi, ChunkBatch, ChunkFileOptions, FileChunk } from './chunk-api.js';
import { readPieces } from './stream-pieces.js';
import type { AddedChunk, FileHash } from './file-hash.js';

export type FileChunkerDeps = {
  /** The hashes of one file, the whole-file one fresh or resumed from a saved state. */
  readonly fileHash: (state: Uint8Array | undefined) => Promise<FileHash>;
  /** How a file's bytes from `start` on are read; `file.slice(start).stream()` by default. */
  readonly stream?: (file: Blob, start: number) => ReadableStream<Uint8Array>;
  /** Chunk sizes; the shipped ones by default, small ones in tests. */
  readonly chunker?: ChunkerOptions;
};

/** The one buffer a file is read into (see stream-pieces.ts): about a chunk, so each read ends one or two. */
const READ_BYTES = 1024 * 1024;

type Read = {
  readonly batches: AsyncGenerator<CutBatch, void, undefined>;
  /** The batch being prepared while the caller handles the last one. */
  ahead: Promise<IteratorResult<CutBatch, void>> | undefined;
  readonly stop: () => void;
};

export function createFileChunker(deps: FileChunkerDeps): ChunkApi {
  const reads = new Map<number, Read>();
  const streamOf = deps.stream ?? ((file: Blob, start: number) => file.slice(start).stream());
  let nextId = 1;

  const forget = (id: number): void => {
    reads.get(id)?.stop();
    reads.delete(id);
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
      const hash = await deps.fileHash(options.hashState);
      const source = readPieces(streamOf(file, start), READ_BYTES);
      const chunks = cutChunks(source.pieces, deps.chunker ?? {});
      const complete = start === 0 || options.hashState !== undefined;
      const id = nextId++;
      reads.set(id, {
        batches: batchesOf(chunks, { ...options, start }, hash, complete),
        ahead: undefined,
        stop: () => {
          source.stop();
          hash.close();
        },
      });
      return id;
    },

    async next(id) {
      const read = reads.get(id);
      if (read === undefined) throw new Error(`no read ${id}: it ended or was cancelled`);
      const pending = read.ahead ?? read.batches.next();
      read.ahead = undefined;
      let batch: ChunkBatch;
      try {
        const result = await pending;
        if (result.done === true) throw new Error(`no read ${id}: it ended`);
        if (!result.value.done && reads.get(id) === read) {
          // One batch ahead, no more: cut while the whole hash finishes this one and the caller
          // handles it, so the caller's next call finds it ready (or under way).
          const ahead = read.batches.next();
          // A failure is reported by the next call; until then it is not unhandled.
          ahead.catch(() => undefined);
          read.ahead = ahead;
        }
        batch = await settle(result.value);
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

type PendingChunk = Omit<FileChunk, 'bytes' | 'hash'> & {
  /** The chunk's bytes, back from the hasher, and its SHA-256. */
  readonly added: Promise<AddedChunk>;
};

/** A batch whose chunks are cut but may still be in the hasher's hands. */
type CutBatch = Omit<ChunkBatch, 'chunks' | 'hashState' | 'sha256'> & {
  readonly chunks: readonly PendingChunk[];
  readonly hashState?: Promise<Uint8Array>;
  readonly sha256?: Promise<Uint8Array>;
};

/** `promise`, its failure reported only where it is awaited. */
function later<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The batch once the hasher has given every chunk back with its hash, and its state at the batch's end. */
async function settle(cut: CutBatch): Promise<ChunkBatch> {
  const chunks = await Promise.all(
    cut.chunks.map(async ({ added, ...chunk }): Promise<FileChunk> => {
      const { bytes, hash } = await added;
      return { hash: ChunkHash.parse(toHex(hash)), ...chunk, bytes };
    }),
  );
  const hashState = cut.hashState === undefined ? {} : { hashState: await cut.hashState };
  const sha256 = cut.sha256 === undefined ? {} : { sha256: ChunkHash.parse(toHex(await cut.sha256)) };
  return { chunks, end: cut.end, done: cut.done, ...hashState, ...sha256 };
}

/**
 * Groups chunks into batches of at least `batchBytes` (the last one excepted), in file offsets. Each
 * chunk goes to the hasher as it is cut, and a batch's state is asked for right after its last chunk:
 * the hasher takes calls in order, so that is the state at the batch's `end`.
 */
async function* batchesOf(
  chunks: AsyncIterable<StreamChunk>,
  options: ChunkFileOptions & { readonly start: number },
  hash: FileHash,
  complete: boolean,
): AsyncGenerator<CutBatch, void, undefined> {
  const { start, batchBytes } = options;
  let batch: PendingChunk[] = [];
  let bytes = 0;
  let end = start;
  const stateOf = (): { hashState?: Promise<Uint8Array> } => (complete ? { hashState: later(hash.save()) } : {});
  for await (const chunk of chunks) {
    end = start + chunk.offset + chunk.length;
    // cutChunks gives each chunk a buffer of its own, exactly its size: it can be transferred whole,
    // to the hasher and back, then to the caller.
    const added = later(hash.addChunk(chunk.bytes.buffer));
    batch.push({ offset: start + chunk.offset, size: chunk.length, added });
    bytes += chunk.length;
    if (bytes >= batchBytes) {
      yield { chunks: batch, end, ...stateOf(), done: false };
      batch = [];
      bytes = 0;
    }
  }
  // The state first: a hasher cannot be saved once it has given its digest.
  const state = stateOf();
  const sha256 = complete ? { sha256: later(hash.digest()) } : {};
  yield { chunks: batch, end, ...state, done: true, ...sha256 };
}
