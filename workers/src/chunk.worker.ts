// The chunk worker: FastCDC chunks of a file with their SHA-256 and the whole file's SHA-256 in one
// read, handed back a batch at a time in one transferred buffer. The whole file's hash is taken
// here as the chunks are cut; the chunk digests in a worker of this worker's own (file-hash.ts says
// why), so that the two SHA-256 passes run on two threads. See file-chunker.ts for the work and
// chunk-pool.ts for use.
import '@sheaf/shared/zod-jitless';
import { expose, transfer, wrap, type Remote } from 'comlink';
import type { ChunkApi } from './chunk-api.js';
import { createFileChunker } from './file-chunker.js';
import type { FileHashApi } from './file-hash-api.js';
import { digestsHere, sha256, type ChunkDigests } from './file-hash.js';
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

// A browser without workers inside workers digests here instead, more slowly.
const chunkDigests: ChunkDigests =
  typeof Worker === 'undefined'
    ? digestsHere(sha256)
    : async (buffer, ranges) => (await startFileHashWorker()).digestChunks(transfer(buffer, [buffer]), ranges);

const chunker = createFileChunker({ chunkDigests });

const chunkApi: ChunkApi = {
  open: (file, options) => chunker.open(file, options),
  async next(id, returned = []) {
    const batch = await chunker.next(id, returned);
    // Every chunk of a batch is a view of the same buffer.
    const buffer = batch.chunks[0]?.bytes.buffer;
    return transfer(batch, buffer === undefined ? [] : [buffer]);
  },
  cancel: (id) => chunker.cancel(id),
};

expose(chunkApi);
announceWorkerReady(self);
