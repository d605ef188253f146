import { describe, expect, it } from 'vitest';
import { seededBytes, sha256Hex } from './chunk-test-kit.js';
import {
  createFileHasher,
  digestRanges,
  fastestSha256,
  fastestSha256BySize,
  SMALL_CHUNK_BYTES,
  sha256,
  wasmSha256,
  wholeHash,
  type Sha256,
} from './file-hash.js';
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

describe('fastestSha256BySize', () => {
  it('takes the faster candidate for small chunks and the faster for large ones', async () => {
    let time = 0;
    const now = (): number => time;
    // Like Web Crypto on the VMs measured: fast up to a point, slow past it; and like hash-wasm.
    const cliff: Sha256 = (bytes) => {
      time += bytes.byteLength <= SMALL_CHUNK_BYTES ? bytes.byteLength : 5 * bytes.byteLength;
      return sha256(bytes);
    };
    const even: Sha256 = (bytes) => {
      time += 3 * bytes.byteLength;
      return sha256(bytes);
    };
    const chosen = await fastestSha256BySize([cliff, even], now);
    const costOf = async (bytes: number): Promise<number> => {
      const started = time;
      await chosen(new Uint8Array(bytes));
      return time - started;
    };
    expect(await costOf(SMALL_CHUNK_BYTES)).toBe(SMALL_CHUNK_BYTES);
    expect(await costOf(SMALL_CHUNK_BYTES + 1)).toBe(3 * (SMALL_CHUNK_BYTES + 1));
    // One that is fastest at both sizes is taken as it is.
    const fastest: Sha256 = (bytes) => sha256(bytes);
    expect(await fastestSha256BySize([even, fastest], now)).toBe(fastest);
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

describe('digestRanges', () => {
  it('hashes each range of the buffer alone', async () => {
    const bytes = seededBytes(10_000, 6);
    const ranges = [
      { at: 0, size: 3000 },
      { at: 3000, size: 1 },
      { at: 5000, size: 5000 },
    ];
    const hashes = await digestRanges(sha256, bytes.buffer, ranges);
    expect(hashes.map((hash) => toHex(hash))).toEqual(
      await Promise.all(ranges.map(({ at, size }) => sha256Hex(bytes.slice(at, at + size)))),
    );
  });
});

describe('createFileHasher', () => {
  const batchOf = (bytes: Uint8Array, from: number, to: number): ArrayBuffer => bytes.slice(from, to).buffer;

  it('feeds each batch to its read’s whole hash, digests the ranges asked for and gives the buffer back', async () => {
    const bytes = seededBytes(9000, 7);
    const hasher = createFileHasher({ digest: sha256, now: () => 0 });
    await hasher.startWhole(1, 0, undefined);
    expect(hasher.reads()).toBe(1);
    const first = batchOf(bytes, 0, 4000);
    const one = await hasher.hashBatch(first, {
      read: 1,
      at: 0,
      wholeBytes: 4000,
      ranges: [{ at: 1000, size: 3000 }],
      last: false,
    });
    expect(one.buffer).toBe(first);
    expect(one.hashes.map((hash) => toHex(hash))).toEqual([await sha256Hex(bytes.slice(1000, 4000))]);
    expect(one.sha256).toBeUndefined();
    const two = await hasher.hashBatch(batchOf(bytes, 4000, 9000), {
      read: 1,
      at: 4000,
      wholeBytes: 5000,
      ranges: [],
      last: true,
    });
    expect(two.hashes).toEqual([]);
    expect(toHex(two.sha256 ?? new Uint8Array())).toBe(await sha256Hex(bytes));
    // The last batch ends the read there.
    expect(hasher.reads()).toBe(0);
    // A state saved there resumes a whole hash.
    if (one.hashState === undefined) throw new Error('no state');
    await hasher.startWhole(2, 4000, one.hashState);
    const resumed = await hasher.hashBatch(batchOf(bytes, 4000, 9000), {
      read: 2,
      at: 4000,
      wholeBytes: 5000,
      ranges: [],
      last: true,
    });
    expect(toHex(resumed.sha256 ?? new Uint8Array())).toBe(await sha256Hex(bytes));
  });

  it('feeds the whole hash in the order the batches were sent, however long their digests take', async () => {
    const bytes = seededBytes(6000, 8);
    // The first batch's digest finishes last.
    let delays = [20, 0];
    const slow: Sha256 = async (chunk) => {
      const [delay = 0, ...rest] = delays;
      delays = rest;
      await new Promise((resolve) => setTimeout(resolve, delay));
      return sha256(chunk);
    };
    const hasher = createFileHasher({ digest: slow, now: () => 0 });
    await hasher.startWhole(1, 0, undefined);
    const range = [{ at: 0, size: 100 }];
    const first = hasher.hashBatch(batchOf(bytes, 0, 3000), {
      read: 1,
      at: 0,
      wholeBytes: 3000,
      ranges: range,
      last: false,
    });
    const second = hasher.hashBatch(batchOf(bytes, 3000, 6000), {
      read: 1,
      at: 3000,
      wholeBytes: 3000,
      ranges: range,
      last: true,
    });
    const [one, two] = await Promise.all([first, second]);
    expect(toHex(two.sha256 ?? new Uint8Array())).toBe(await sha256Hex(bytes));
    expect(one.hashes.map((hash) => toHex(hash))).toEqual([await sha256Hex(bytes.slice(0, 100))]);
    expect(two.hashes.map((hash) => toHex(hash))).toEqual([await sha256Hex(bytes.slice(3000, 3100))]);
  });

  it('refuses a batch that does not start where the whole hash got to, and one for a dropped read', async () => {
    const bytes = seededBytes(3000, 9);
    const hasher = createFileHasher({ digest: sha256, now: () => 0 });
    await hasher.startWhole(1, 0, undefined);
    const skipping = { read: 1, at: 1000, wholeBytes: 2000, ranges: [], last: false };
    await expect(hasher.hashBatch(batchOf(bytes, 1000, 3000), skipping)).rejects.toThrow('hash at 0');
    await hasher.dropWhole(1);
    expect(hasher.reads()).toBe(0);
    const dropped = { read: 1, at: 0, wholeBytes: 3000, ranges: [], last: false };
    await expect(hasher.hashBatch(batchOf(bytes, 0, 3000), dropped)).rejects.toThrow('no whole hash');
    // Dropping a read that is gone is no error.
    await hasher.dropWhole(1);
  });

  it('digests without a whole hash for a read that has none, and says what each part cost', async () => {
    const bytes = seededBytes(3000, 10);
    let time = 0;
    const costly: Sha256 = (chunk) => {
      time += 5;
      return sha256(chunk);
    };
    const hasher = createFileHasher({ digest: costly, now: () => time });
    const hashed = await hasher.hashBatch(batchOf(bytes, 0, 3000), {
      read: undefined,
      at: 0,
      wholeBytes: 3000,
      ranges: [
        { at: 0, size: 1000 },
        { at: 1000, size: 2000 },
      ],
      last: true,
    });
    expect(hashed.hashState).toBeUndefined();
    expect(hashed.sha256).toBeUndefined();
    expect(hashed.cost).toEqual({ wholeMs: 0, wholeBytes: 0, digestMs: 10, digestBytes: 3000 });
  });
});
