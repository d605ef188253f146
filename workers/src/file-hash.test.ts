import { describe, expect, it } from 'vitest';
import { seededBytes, sha256Hex } from './chunk-test-kit.js';
import { digestsHere, fastestSha256, sha256, wasmSha256, wholeHash, type Sha256 } from './file-hash.js';
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
    expect(await fastestSha256([slow, fast], new Uint8Array(64), clock.now)).toBe(fast);
    expect(await fastestSha256([fast, slow], new Uint8Array(64), clock.now)).toBe(fast);
  });

  it('throws when the candidates disagree', async () => {
    const wrong: Sha256 = () => Promise.resolve(new Uint8Array(32));
    await expect(fastestSha256([sha256, wrong], new Uint8Array(64), () => 0)).rejects.toThrow('disagrees');
  });

  it('offers Web Crypto and hash-wasm, which agree', async () => {
    const bytes = seededBytes(100_000, 4);
    const wasm = await wasmSha256();
    expect(toHex(await wasm(bytes.slice()))).toBe(await sha256Hex(bytes));
    // The hasher starts afresh on every call.
    expect(toHex(await wasm(bytes.slice()))).toBe(await sha256Hex(bytes));
  });
});

describe('wholeHash', () => {
  it('hashes the whole file across chunks, and can be resumed from a saved state', async () => {
    const bytes = seededBytes(10_000, 5);
    const first = await wholeHash(undefined);
    first.update(bytes.subarray(0, 4000));
    const state = first.save();
    const second = await wholeHash(state);
    second.update(bytes.subarray(4000));
    expect(toHex(second.digest())).toBe(await sha256Hex(bytes));
    first.update(bytes.subarray(4000, 6000));
    expect(toHex(first.digest())).toBe(await sha256Hex(bytes.slice(0, 6000)));
  });
});

describe('digestsHere', () => {
  it('hashes each range of the buffer alone and gives the buffer back', async () => {
    const bytes = seededBytes(10_000, 6);
    const ranges = [
      { at: 0, size: 3000 },
      { at: 3000, size: 1 },
      { at: 5000, size: 5000 },
    ];
    const { buffer, hashes } = await digestsHere(sha256)(bytes.buffer, ranges);
    expect(buffer).toBe(bytes.buffer);
    expect(hashes.map((hash) => toHex(hash))).toEqual(
      await Promise.all(ranges.map(({ at, size }) => sha256Hex(bytes.slice(at, at + size)))),
    );
  });
});
