// eslint-disable-next-line no-restricted-imports -- the tests run in Node, and node:crypto is the reference SHA-256
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededBytes } from '@sheaf/shared/chunking/seeded-bytes';
import { toHex } from '@sheaf/shared/hex';
import { WINDOW_BYTES } from './sha256x4-layout.js';
import { createLaneSha256, type ByteRange, type LaneSha256 } from './sha256x4.js';

const nodeSha256 = (bytes: Uint8Array, { at, size }: ByteRange): string =>
  createHash('sha256')
    .update(bytes.subarray(at, at + size))
    .digest('hex');

function lanes(options: Parameters<typeof createLaneSha256>[0] = {}): LaneSha256 {
  const made = createLaneSha256(options);
  // Node 20 has WebAssembly SIMD: a missing one here is a broken module, not an old browser.
  if (made === undefined) throw new Error('no WebAssembly SIMD');
  return made;
}

/** Each way of finishing the last ranges: a lone one on the scalar path, or in one lane of four. */
const both = [
  ['with scalar tails', lanes()],
  ['in lanes only', lanes({ scalarTail: false })],
] as const;

const expectNodeDigests = (hasher: LaneSha256, bytes: Uint8Array, ranges: readonly ByteRange[]): void => {
  expect(hasher.digest(bytes, ranges).map((digest) => toHex(digest))).toEqual(
    ranges.map((range) => nodeSha256(bytes, range)),
  );
};

/** Around each place the padding changes shape (55/56 bytes left in a block) and a window ends. */
const EDGE_SIZES = [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, WINDOW_BYTES - 9, WINDOW_BYTES, WINDOW_BYTES + 1];
const LARGE_SIZES = [3 * WINDOW_BYTES + 57, 1024 * 1024, 1024 * 1024 + 7];

describe.each(both)('createLaneSha256 %s', (_, hasher) => {
  const bytes = seededBytes(4 * 1024 * 1024, 21);

  it('gives node:crypto’s SHA-256 of each size alone', () => {
    for (const size of [...EDGE_SIZES, ...LARGE_SIZES]) expectNodeDigests(hasher, bytes, [{ at: 3, size }]);
  });

  it('gives node:crypto’s SHA-256 of many sizes at once, in the order asked', () => {
    let at = 0;
    const ranges = [...EDGE_SIZES, ...LARGE_SIZES, ...EDGE_SIZES.toReversed()].map((size) => {
      const range = { at, size };
      at += size;
      return range;
    });
    expectNodeDigests(hasher, bytes, ranges);
  });

  it('hashes ranges that overlap or repeat, each alone', () => {
    const ranges = [
      { at: 0, size: 70_000 },
      { at: 100, size: 70_000 },
      { at: 0, size: 70_000 },
      { at: 69_999, size: 1 },
      { at: 0, size: 0 },
      { at: 50_000, size: 200_000 },
      { at: 100, size: 70_000 },
    ];
    expectNodeDigests(hasher, bytes, ranges);
  });

  it('gives no digest for no range, and keeps nothing between calls', () => {
    expect(hasher.digest(bytes, [])).toEqual([]);
    const range = [{ at: 10, size: 5000 }];
    const once = hasher.digest(bytes, range);
    hasher.digest(bytes, [{ at: 0, size: 300_000 }]);
    expect(hasher.digest(bytes, range)).toEqual(once);
  });

  it('gives node:crypto’s SHA-256 for any list of ranges', () => {
    const small = bytes.subarray(0, 200_000);
    const range = fc
      .tuple(fc.nat(small.length), fc.oneof(fc.nat(200), fc.nat(2 * WINDOW_BYTES), fc.nat(small.length)))
      .map(([at, size]) => ({ at, size: Math.min(size, small.length - at) }));
    fc.assert(
      fc.property(fc.array(range, { maxLength: 11 }), (ranges) => expectNodeDigests(hasher, small, ranges)),
      { numRuns: 60 },
    );
  });

  it('refuses a range outside the bytes', () => {
    const ten = new Uint8Array(10);
    for (const range of [
      { at: 5, size: 6 },
      { at: -1, size: 2 },
      { at: 0, size: -1 },
      { at: 0.5, size: 1 },
    ]) {
      expect(() => hasher.digest(ten, [range])).toThrow(RangeError);
    }
  });
});
