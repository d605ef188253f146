// The file-hash worker, started by the chunk worker: each read's whole-file SHA-256 (hash-wasm,
// streaming) and the SHA-256 of the chunks the chunk worker leaves to it (Web Crypto or the
// four-lane SHA-256, whichever is faster here for the chunk's size), a batch at a time, while the
// chunk worker reads and cuts the next batch and digests its first chunks; see file-hash.ts and
// hash-balance.ts.
import '@sheaf/shared/zod-jitless';
import { expose, transfer } from 'comlink';
import type { FileHashApi } from './file-hash-api.js';
import { chunkDigests, createFileHasher, type ChunkDigests } from './file-hash.js';
import { announceWorkerReady } from './worker-ready.js';

const digest: Promise<ChunkDigests> = chunkDigests(() => performance.now());
// Reported by the first batch that needs it; until then it is not unhandled.
digest.catch(() => undefined);

const hasher = createFileHasher({ digest, now: () => performance.now() });

const fileHashApi: FileHashApi = {
  startWhole: (read, at, state) => hasher.startWhole(read, at, state),
  // Not async: comlink calls this as the message arrives, and the batch must reach the read's
  // whole hash then, before a later batch's message does.
  hashBatch: (buffer, batch) => hasher.hashBatch(buffer, batch).then((hashed) => transfer(hashed, [hashed.buffer])),
  dropWhole: (read) => hasher.dropWhole(read),
};

expose(fileHashApi);
announceWorkerReady(self);
