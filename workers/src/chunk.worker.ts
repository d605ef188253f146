// The chunk worker: FastCDC chunks of a file with their SHA-256 (Web Crypto) and the whole file's
// SHA-256 (hash-wasm: Web Crypto has no streaming digest) in one read, handed back a batch at a
// time with the chunk bytes transferred. Both hashes are taken in a worker of this worker's own
// (file-hash.ts says why), so reading and cutting here and hashing there use two threads.
// See file-chunker.ts for the work and chunk-pool.ts for use.
import '@sheaf/shared/zod-jitless';
import { expose, transfer, wrap, type Remote } from 'comlink';
import type { ChunkApi } from './chunk-api.js';
import { createFileChunker } from './file-chunker.js';
import type { FileHashApi } from './file-hash-api.js';
import { fileHashHere, type FileHash } from './file-hash.js';
import { announceWorkerReady, whenWorkerReady } from './worker-ready.js';

const HASHER_START_TIMEOUT_MS = 15_000;

let fileHashWorker: Promise<Remote<FileHashApi>> | undefined;

/** The file-hash worker, started on first use and kept (one file at a time is read here); tried again after a failed start. */
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

async function fileHash(state: Uint8Array | undefined): Promise<FileHash> {
  // A browser without workers inside workers hashes here instead, more slowly.
  if (typeof Worker === 'undefined') return fileHashHere(state);
  const api = await startFileHashWorker();
  const id = await api.open(state);
  return {
    addChunk: (bytes) => api.addChunk(id, transfer(bytes, [bytes])),
    save: () => api.save(id),
    digest: () => api.digest(id),
    close: () => void api.close(id).catch(() => undefined),
  };
}

const chunker = createFileChunker({ fileHash });

const chunkApi: ChunkApi = {
  open: (file, options) => chunker.open(file, options),
  async next(id) {
    const batch = await chunker.next(id);
    return transfer(
      batch,
      batch.chunks.map((chunk) => chunk.bytes),
    );
  },
  cancel: (id) => chunker.cancel(id),
};

expose(chunkApi);
announceWorkerReady(self);
