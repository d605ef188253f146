import { describe, expect, it } from 'vitest';
import { lanesOrThrow, seededBytes, sha256Hex, webCryptoDigests } from './chunk-test-kit.js';
import {
  chunkDigests,
  createFileHasher,
  fastestSha256,
  fastestSha256BySize,
  oneByOne,
  SMALL_CHUNK_BYTES,
  wasmSha256,
  wholeHash,
  type ChunkDigests,
  type ChunkRange,
} from './file-hash.js';
import { toHex } from '@sheaf/shared/hex';

/** A digest that advances `clock` by `cost(size)` per chunk and answers Web Crypto's digests. */
function costing(clock: { time: number }, cost: (size: number) => number): ChunkDigests {
  return (buffer, ranges) => {
    for (const { size } of ranges) clock.time += cost(size);
    return webCryptoDigests(buffer, ranges);
  };
}

const hexes = (digests: readonly Uint8Array[]): string[] => digests.map((digest) => toHex(digest));

/** Each range's SHA-256 from Web Crypto, which in Node is node:crypto's. */
const expectedHexes = (bytes: Uint8Array<ArrayBuffer>, ranges: readonly ChunkRange[]): Promise<string[]> =>
  Promise.all(ranges.map(({ at, size }) => sha256Hex(bytes.slice(at, at + size))));

const sample = { buffer: new ArrayBuffer(256), ranges: [{ at: 0, size: 64 }] };

describe('fastestSha256', () => {
  it('picks the candidate that took least time on the sample', async () => {
    const clock = { time: 0 };
    const now = (): number => clock.time;
    const slow = costing(clock, () => 5);
    const fast = costing(clock, () => 3);
    expect(await fastestSha256([slow, fast], sample, now)).toBe(fast);
    expect(await fastestSha256([fast, slow], sample, now)).toBe(fast);
  });

  it('throws when the candidates disagree', async () => {
    const wrong: ChunkDigests = (_, ranges) => Promise.resolve(ranges.map(() => new Uint8Array(32)));
    await expect(fastestSha256([webCryptoDigests, wrong], sample, () => 0)).rejects.toThrow('disagrees');
    const fewer: ChunkDigests = () => Promise.resolve([]);
    await expect(fastestSha256([webCryptoDigests, fewer], sample, () => 0)).rejects.toThrow('disagrees');
  });

  it('offers Web Crypto, hash-wasm and the four-lane SHA-256, which agree', async () => {
    const bytes = seededBytes(400_000, 4);
    const ranges = [
      { at: 0, size: 100_000 },
      { at: 100_000, size: 1 },
      { at: 100_001, size: 0 },
      { at: 150_000, size: 250_000 },
      { at: 7, size: 64 },
    ];
    const expected = await expectedHexes(bytes, ranges);
    for (const candidate of [webCryptoDigests, oneByOne(await wasmSha256()), lanesOrThrow()]) {
      expect(hexes(await candidate(bytes.buffer, ranges))).toEqual(expected);
      // Nothing carries over from one call to the next.
      expect(hexes(await candidate(bytes.buffer, ranges))).toEqual(expected);
    }
  });
});

describe('fastestSha256BySize', () => {
  /** Like Web Crypto on the VMs measured: fast up to a point, slow past it; and like the lanes. */
  function candidates(): { clock: { time: number }; cliff: ChunkDigests; even: ChunkDigests } {
    const clock = { time: 0 };
    const cliff = costing(clock, (size) => (size <= SMALL_CHUNK_BYTES ? size : 5 * size));
    const even = costing(clock, (size) => 3 * size);
    return { clock, cliff, even };
  }

  it('takes the faster candidate for small chunks and the faster for large ones', async () => {
    const { clock, cliff, even } = candidates();
    const chosen = await fastestSha256BySize([cliff, even], () => clock.time);
    const costOf = async (sizes: readonly number[]): Promise<number> => {
      const started = clock.time;
      let at = 0;
      const ranges = sizes.map((size) => ({ at: (at += size) - size, size }));
      await chosen(new ArrayBuffer(at), ranges);
      return clock.time - started;
    };
    expect(await costOf([SMALL_CHUNK_BYTES])).toBe(SMALL_CHUNK_BYTES);
    expect(await costOf([SMALL_CHUNK_BYTES + 1])).toBe(3 * (SMALL_CHUNK_BYTES + 1));
    expect(await costOf([10, SMALL_CHUNK_BYTES + 1, 20])).toBe(30 + 3 * (SMALL_CHUNK_BYTES + 1));
    // One that is fastest at both sizes is taken as it is.
    const fastest = costing(clock, (size) => size / 2);
    expect(await fastestSha256BySize([even, fastest], () => clock.time)).toBe(fastest);
  });

  it('puts the digests of a batch split by size back in the order asked', async () => {
    const { clock, cliff, even } = candidates();
    const chosen = await fastestSha256BySize([cliff, even], () => clock.time);
    const bytes = seededBytes(4 * SMALL_CHUNK_BYTES, 5);
    const ranges = [
      { at: 0, size: SMALL_CHUNK_BYTES + 10 },
      { at: 5, size: 100 },
      { at: SMALL_CHUNK_BYTES, size: 2 * SMALL_CHUNK_BYTES },
      { at: 0, size: 0 },
      { at: 3, size: SMALL_CHUNK_BYTES },
    ];
    expect(hexes(await chosen(bytes.buffer, ranges))).toEqual(await expectedHexes(bytes, ranges));
  });
});

describe('chunkDigests', () => {
  it('digests each chunk alone with whichever SHA-256 it chose here', async () => {
    const digests = await chunkDigests(() => performance.now());
    const bytes = seededBytes(3 * 1024 * 1024, 6);
    const ranges = [
      { at: 0, size: 1024 * 1024 + 5 },
      { at: 1024 * 1024 + 5, size: 300_000 },
      { at: 2 * 1024 * 1024, size: 1024 * 1024 },
      { at: 17, size: 55 },
    ];
    expect(hexes(await digests(bytes.buffer, ranges))).toEqual(await expectedHexes(bytes, ranges));
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

describe('createFileHasher', () => {
  const batchOf = (bytes: Uint8Array, from: number, to: number): ArrayBuffer => bytes.slice(from, to).buffer;

  it('feeds each batch to its read’s whole hash, digests the ranges asked for and gives the buffer back', async () => {
    const bytes = seededBytes(9000, 7);
    const hasher = createFileHasher({ digest: webCryptoDigests, now: () => 0 });
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
    const slow: ChunkDigests = async (buffer, ranges) => {
      const [delay = 0, ...rest] = delays;
      delays = rest;
      await new Promise((resolve) => setTimeout(resolve, delay));
      return webCryptoDigests(buffer, ranges);
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
    const hasher = createFileHasher({ digest: webCryptoDigests, now: () => 0 });
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
    const clock = { time: 0 };
    const hasher = createFileHasher({ digest: costing(clock, () => 5), now: () => clock.time });
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
