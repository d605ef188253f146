// The file-hash worker, started by the chunk worker: each chunk's SHA-256 (Web Crypto or hash-wasm,
// whichever is faster here) on a thread of its own, a batch at a time, while the chunk worker reads,
// cuts and takes the whole file's hash of the next batch; see file-hash.ts.
import '@sheaf/shared/zod-jitless';
import { expose, transfer } from 'comlink';
import type { FileHashApi } from './file-hash-api.js';
import { digestsHere, fastestSha256, sha256, wasmSha256, type ChunkDigests } from './file-hash.js';
import { announceWorkerReady } from './worker-ready.js';

/** A chunk's average size, as a sample: the choice is made on what the worker will hash. */
const SAMPLE_BYTES = 1024 * 1024;

const digests: Promise<ChunkDigests> = (async () =>
  digestsHere(
    await fastestSha256([sha256, await wasmSha256()], new Uint8Array(SAMPLE_BYTES), () => performance.now()),
  ))();
// Reported by the first batch that needs it; until then it is not unhandled.
digests.catch(() => undefined);

const fileHashApi: FileHashApi = {
  async digestChunks(buffer, ranges) {
    const digested = await (await digests)(buffer, ranges);
    return transfer(digested, [digested.buffer]);
  },
};

expose(fileHashApi);
announceWorkerReady(self);
