// The chunk worker: FastCDC chunks of a file with their SHA-256 and the whole file's SHA-256 in one
// read, handed back a batch at a time in one transferred buffer. This thread reads, cuts and
// digests each batch's first chunks; a worker of this worker's own takes the whole file's hash and
// the rest of the digests (file-chunker.ts says why, hash-balance.ts how many), so that the
// SHA-256 passes run on two threads with about the same load on each. See chunk-pool.ts for use.
import '@sheaf/shared/zod-jitless';
import { expose, transfer, wrap, type Remote } from 'comlink';
import type { ChunkApi } from './chunk-api.js';
import { createFileChunker } from './file-chunker.js';
import type { FileHashApi } from './file-hash-api.js';
import { chunkDigests, createFileHasher, type ChunkDigests } from './file-hash.js';
import { announceWorkerReady, whenWorkerReady } from './worker-ready.js';

const HASHER_START_TIMEOUT_MS = 15_000;

let fileHashWorker: Promise<Remote<FileHashApi>> | undefined;

/** The file-hash worker, started on first use and kept; tried again after a failed start. */
function startFileHashWorker(): Promise<Remote<FileHashApi>> {
  if (fileHashWorker !== undefined) return fileHashWorker;
  const starting = (async () => {
    const worker = new Worker(new URL('./file-hash.worker.ts', import.meta.url), {
      type: 'module',
      name: 'sheaf-file-hash',
    });
    try {
      await whenWorkerReady(worker, HASHER_START_TIMEOUT_MS);
    } catch (error) {
      worker.terminate();
      throw error;
    }
    return wrap<FileHashApi>(worker);
  })();
  fileHashWorker = starting;
  starting.catch(() => {
    if (fileHashWorker === starting) fileHashWorker = undefined;
  });
  return starting;
}

/** The file-hash worker's API, each call waiting for it to start; buffers are transferred both ways. */
const fileHashWorkerApi: FileHashApi = {
  startWhole: async (read, at, state) => (await startFileHashWorker()).startWhole(read, at, state),
  // Calls resume from the same promise in the order they were made, so the batches of a read are
  // posted, and fed to its whole hash there, in the order they were sent.
  hashBatch: async (buffer, batch) => (await startFileHashWorker()).hashBatch(transfer(buffer, [buffer]), batch),
  dropWhole: async (read) => (await startFileHashWorker()).dropWhole(read),
};

// The faster SHA-256 for each size of chunk here too, for the chunks this thread digests (file-hash.ts
// says why it varies).
const digest: Promise<ChunkDigests> = chunkDigests(() => performance.now());
// Reported by the first batch that needs it; until then it is not unhandled.
digest.catch(() => undefined);

// A browser without workers inside workers hashes everything here instead, more slowly.
const chunker = createFileChunker({
  hasher:
    typeof Worker === 'undefined' ? createFileHasher({ digest, now: () => performance.now() }) : fileHashWorkerApi,
  digest,
});

const chunkApi: ChunkApi = {
  open: (file, options) => chunker.open(file, options),
  async next(id, returned = []) {
    const batch = await chunker.next(id, returned);
    // Every chunk of a batch is a view of the same buffer.
    const buffer = batch.chunks[0]?.bytes.buffer;
    return transfer(batch, buffer === undefined ? [] : [buffer]);
  },
  cancel: (id) => chunker.cancel(id),
  recycle: (returned) => chunker.recycle(returned),
};

expose(chunkApi);
announceWorkerReady(self);
