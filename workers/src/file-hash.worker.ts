// The file-hash worker, started by the chunk worker: each chunk's SHA-256 (Web Crypto or hash-wasm,
// whichever is faster here) and the whole file's (hash-wasm) on a thread of their own; see
// file-hash.ts. The whole-file hash takes a chunk as its message arrives and `save` answers at
// once, so the hashers see the bytes in message order.
import '@sheaf/shared/zod-jitless';
import { expose, transfer } from 'comlink';
import { createSHA256, type IHasher } from 'hash-wasm';
import type { FileHashApi } from './file-hash-api.js';
import { fastestSha256, sha256, wasmSha256 } from './file-hash.js';
import { announceWorkerReady } from './worker-ready.js';

/** A chunk's size, as a sample: the choice is made on what the worker will hash. */
const SAMPLE_BYTES = 1024 * 1024;

const chunkSha256 = (async () =>
  fastestSha256([sha256, await wasmSha256()], new ArrayBuffer(SAMPLE_BYTES), () => performance.now()))();
// Reported by the first chunk that needs it; until then it is not unhandled.
chunkSha256.catch(() => undefined);

const hashers = new Map<number, IHasher>();
let nextId = 1;

function hasherOf(id: number): IHasher {
  const hasher = hashers.get(id);
  if (hasher === undefined) throw new Error(`no file hash ${id}: it was closed`);
  return hasher;
}

const fileHashApi: FileHashApi = {
  async open(state) {
    const hasher = await createSHA256();
    hasher.init();
    if (state !== undefined) hasher.load(state);
    const id = nextId++;
    hashers.set(id, hasher);
    return id;
  },
  async addChunk(id, bytes) {
    // Before any await: the whole-file hash takes chunks in the order they were sent.
    hasherOf(id).update(new Uint8Array(bytes));
    const hash = await (await chunkSha256)(bytes);
    return transfer({ bytes, hash }, [bytes]);
  },
  save: (id) => hasherOf(id).save(),
  digest: (id) => hasherOf(id).digest('binary'),
  close(id) {
    hashers.delete(id);
  },
};

expose(fileHashApi);
announceWorkerReady(self);
