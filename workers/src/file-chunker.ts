// The chunk worker's work, with the platform injected so that it runs (and is tested) in Node too:
// a file's byte stream goes through FastCDC and a SHA-256 per chunk (shared/chunking), and through a
// streaming SHA-256 of the whole file in the same pass. Reads are pulled a batch at a time and the
// next batch is prepared while the caller stores and sends this one, never more: memory stays at
// about two batches however large the file.
import { chunkAndHash, type ChunkDigest, type HashedStreamChunk } from '@sheaf/shared/chunking/chunk-stream';
import type { ChunkerOptions } from '@sheaf/shared/chunking/fastcdc';
import { toHex } from '@sheaf/shared/hex';
import { ChunkHash } from '@sheaf/shared/ids';
import type { ChunkApi, ChunkBatch, ChunkFileOptions, FileChunk } from './chunk-api.js';

/** A streaming SHA-256 whose state can be saved and resumed (hash-wasm's hashers can). */
export type WholeHash = {
  update(bytes: Uint8Array): void;
  /** The state after the bytes so far; must be called before `digest`. */
  save(): Uint8Array;
  digest(): Uint8Array;
};

export type FileChunkerDeps = {
  /** SHA-256 of one whole chunk: `crypto.subtle.digest` in the browser, which runs off this thread. */
  readonly digest: ChunkDigest;
  /** A fresh whole-file hasher, or one resumed from a saved state. */
  readonly wholeHash: (state: Uint8Array | undefined) => Promise<WholeHash>;
  /** How a file's bytes from `start` on are read; `file.slice(start).stream()` by default. */
  readonly stream?: (file: Blob, start: number) => ReadableStream<Uint8Array>;
  /** Chunk sizes; the shipped ones by default, small ones in tests. */
  readonly chunker?: ChunkerOptions;
};

type Read = {
  readonly batches: AsyncGenerator<ChunkBatch, void, undefined>;
  /** The batch being prepared while the caller handles the last one. */
  ahead: Promise<IteratorResult<ChunkBatch, void>> | undefined;
  readonly stop: () => void;
};

class ReadStopped extends Error {
  constructor() {
    super('read cancelled');
    this.name = 'AbortError';
  }
}

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
      const whole = await deps.wholeHash(options.hashState);
      const reader = streamOf(file, start).getReader();
      let stopped = false;
      async function* pieces(): AsyncGenerator<Uint8Array, void, undefined> {
        for (;;) {
          const { done, value } = await reader.read();
          if (stopped) throw new ReadStopped();
          if (done) return;
          yield value;
        }
      }
      // chunkAndHash asks for each chunk's digest once, in stream order: the whole-file hash takes
      // the same bytes there, on this thread, while Web Crypto hashes the chunk on its own.
      const digest: ChunkDigest = (bytes) => {
        const hashing = deps.digest(bytes);
        whole.update(bytes);
        return hashing;
      };
      const chunks = chunkAndHash(pieces(), digest, deps.chunker ?? {});
      const complete = start === 0 || options.hashState !== undefined;
      const id = nextId++;
      reads.set(id, {
        batches: batchesOf(chunks, { ...options, start }, whole, complete),
        ahead: undefined,
        stop: () => {
          stopped = true;
          void reader.cancel().catch(() => undefined);
        },
      });
      return id;
    },

    async next(id) {
      const read = reads.get(id);
      if (read === undefined) throw new Error(`no read ${id}: it ended or was cancelled`);
      const pending = read.ahead ?? read.batches.next();
      read.ahead = undefined;
      let result: IteratorResult<ChunkBatch, void>;
      try {
        result = await pending;
      } catch (error) {
        forget(id);
        throw error;
      }
      if (result.done === true) {
        forget(id);
        throw new Error(`no read ${id}: it ended`);
      }
      if (result.value.done) {
        reads.delete(id);
      } else if (reads.get(id) === read) {
        // One batch ahead, no more: the caller's next call finds it ready (or under way).
        const ahead = read.batches.next();
        // A failure is reported by the next call; until then it is not unhandled.
        ahead.catch(() => undefined);
        read.ahead = ahead;
      }
      return result.value;
    },

    cancel(id) {
      forget(id);
      return Promise.resolve();
    },
  };
}

/** Groups chunks into batches of at least `batchBytes` (the last one excepted), in file offsets. */
async function* batchesOf(
  chunks: AsyncIterable<HashedStreamChunk>,
  options: ChunkFileOptions & { readonly start: number },
  whole: WholeHash,
  complete: boolean,
): AsyncGenerator<ChunkBatch, void, undefined> {
  const { start, batchBytes } = options;
  let batch: FileChunk[] = [];
  let bytes = 0;
  let end = start;
  const stateOf = (): { hashState?: Uint8Array } => (complete ? { hashState: whole.save() } : {});
  for await (const chunk of chunks) {
    end = start + chunk.offset + chunk.length;
    // chunkAndHash gives each chunk a buffer of its own, exactly its size: it can be transferred whole.
    batch.push({
      hash: ChunkHash.parse(toHex(chunk.hash)),
      offset: start + chunk.offset,
      size: chunk.length,
      bytes: chunk.bytes.buffer,
    });
    bytes += chunk.length;
    if (bytes >= batchBytes) {
      yield { chunks: batch, end, ...stateOf(), done: false };
      batch = [];
      bytes = 0;
    }
  }
  // The state first: a hasher cannot be saved once it has given its digest.
  const state = stateOf();
  const sha256 = complete ? { sha256: ChunkHash.parse(toHex(whole.digest())) } : {};
  yield { chunks: batch, end, ...state, done: true, ...sha256 };
}
