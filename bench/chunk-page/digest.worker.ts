// The chunk + hash bench's baseline worker: what hashing the bytes costs with nothing else, one
// crypto.subtle.digest after another as a plain worker would do, over bytes already in memory.
import { expose } from 'comlink';
import { toHex } from '@sheaf/shared/hex';
import { announceWorkerReady } from '@sheaf/workers/worker-ready';
import type { DigestApi } from './digest-api.js';

let held: ArrayBuffer[] = [];

const digestApi: DigestApi = {
  load(pieces) {
    held = pieces;
  },
  async digestAll() {
    const hashes: string[] = [];
    for (const piece of held) hashes.push(toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', piece))));
    return hashes;
  },
};

expose(digestApi);
announceWorkerReady(self);
