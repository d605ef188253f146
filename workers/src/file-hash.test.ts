import { describe, expect, it } from 'vitest';
import { seededBytes, sha256Hex } from './chunk-test-kit.js';
import { fastestSha256, fileHashHere, sha256, wasmSha256, type Sha256 } from './file-hash.js';
import { toHex } from '@sheaf/shared/hex';

/** A fake clock, and a digest that takes `cost` of it and answers `digest`. */
function clocked(): { now: () => number; taking: (cost: number, digest: Sha256) => Sha256 } {
  let time = 0;
  return {
    now: () => time,
    taking: (cost, digest) => (bytes) => {
      time += cost;
      return digest(bytes);
    },
  };
}

describe('fastestSha256', () => {
  it('picks the candidate that took least time on the sample', async () => {
    const clock = clocked();
    const slow = clock.taking(5, sha256);
    const fast = clock.taking(3, sha256);
    expect(await fastestSha256([slow, fast], new ArrayBuffer(64), clock.now)).toBe(fast);
    expect(await fastestSha256([fast, slow], new ArrayBuffer(64), clock.now)).toBe(fast);
  });

  it('throws when the candidates disagree', async () => {
    const wrong: Sha256 = () => Promise.resolve(new Uint8Array(32));
    await expect(fastestSha256([sha256, wrong], new ArrayBuffer(64), () => 0)).rejects.toThrow('disagrees');
  });

  it('offers Web Crypto and hash-wasm, which agree', async () => {
    const bytes = seededBytes(100_000, 4);
    const wasm = await wasmSha256();
    expect(toHex(await wasm(bytes.slice().buffer))).toBe(await sha256Hex(bytes));
    // The hasher starts afresh on every call.
    expect(toHex(await wasm(bytes.slice().buffer))).toBe(await sha256Hex(bytes));
  });
});

describe('fileHashHere', () => {
  it('hashes each chunk alone and the whole file across them, and can be resumed from a saved state', async () => {
    const bytes = seededBytes(10_000, 5);
    const first = await fileHashHere(undefined);
    const a = await first.addChunk(bytes.slice(0, 4000).buffer);
    expect(toHex(a.hash)).toBe(await sha256Hex(bytes.slice(0, 4000)));
    const state = await first.save();
    const second = await fileHashHere(state);
    await second.addChunk(bytes.slice(4000).buffer);
    expect(toHex(await second.digest())).toBe(await sha256Hex(bytes));
    first.close();
    await expect(first.save()).rejects.toThrow('closed');
  });
});
