// The chunk worker: FastCDC chunks of a file with their SHA-256 (Web Crypto) and the whole file's
// SHA-256 (hash-wasm: Web Crypto has no streaming digest) in one read, handed back a batch at a
// time with the chunk bytes transferred. See file-chunker.ts for the work and chunk-pool.ts for use.
import { expose, transfer } from 'comlink';
import { createSHA256 } from 'hash-wasm';
import type { ChunkApi } from './chunk-api.js';
import { createFileChunker, type WholeHash } from './file-chunker.js';
import { announceWorkerReady } from './worker-ready.js';

async function wholeHash(state: Uint8Array | undefined): Promise<WholeHash> {
  const hasher = await createSHA256();
  hasher.init();
  if (state !== undefined) hasher.load(state);
  return {
    update: (bytes) => void hasher.update(bytes),
    save: () => hasher.save(),
    digest: () => hasher.digest('binary'),
  };
}

const chunker = createFileChunker({
  digest: async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)),
  wholeHash,
});

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
