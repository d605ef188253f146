// The hash worker: SHA-256 of chunks with Web Crypto, off the main thread (850+ MB/s per worker
// measured in Chromium, faster than any wasm hasher here; see shared/MEASURED.md).
import '@sheaf/shared/zod-jitless';
import { expose, transfer } from 'comlink';
import { toHex } from '@sheaf/shared/hex';
import { ChunkHash } from '@sheaf/shared/ids';
import type { HashApi, HashedChunk } from './hash-api.js';
import { announceWorkerReady } from './worker-ready.js';

async function hashed(bytes: ArrayBuffer): Promise<HashedChunk> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  const chunk: HashedChunk = { hash: ChunkHash.parse(toHex(new Uint8Array(digest))), size: bytes.byteLength, bytes };
  return transfer(chunk, [bytes]);
}

const hashApi: HashApi = {
  async hashRange(blob, start, end) {
    return hashed(await blob.slice(start, end).arrayBuffer());
  },
  hashBuffer: hashed,
};

expose(hashApi);
announceWorkerReady(self);
