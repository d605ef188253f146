import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chunkBoundaries,
  createChunker,
  gearTable,
  spreadMask,
  type ChunkBoundary,
  type Chunker,
  type ChunkerOptions,
} from '@sheaf/shared/chunking/fastcdc';
import { seededBytes } from '@sheaf/shared/chunking/seeded-bytes';
import { WINDOW_AT, WINDOW_BYTES } from './gear-cut-layout.js';
import { GEAR_CUT_SHAPE } from './gear-cut-wat.js';
import { createFastChunker, createGearChunker, instantiateGearCut, type GearCut } from './gear-cut.js';

const MiB = 1024 * 1024;

function gearCutOrThrow(): GearCut {
  const cut = instantiateGearCut();
  // Node 20 has WebAssembly: a missing instance here is a broken module, not an old browser.
  if (cut === undefined) throw new Error('no WebAssembly');
  return cut;
}

const cut = gearCutOrThrow();

/** Feeds `bytes` to `chunker` in pieces ending at `splits` (sorted; a repeat makes an empty piece), then ends it. */
function inPieces(chunker: Chunker, bytes: Uint8Array, splits: readonly number[]): ChunkBoundary[] {
  const out: ChunkBoundary[] = [];
  let at = 0;
  for (const split of [...splits, bytes.length]) {
    const to = Math.max(at, Math.min(split, bytes.length));
    out.push(...chunker.push(bytes.subarray(at, to)));
    at = to;
  }
  out.push(...chunker.end());
  return out;
}

/** The reference's boundaries and ours, for the same pieces. */
function bothWays(
  bytes: Uint8Array,
  splits: readonly number[],
  options: ChunkerOptions,
): [ChunkBoundary[], ChunkBoundary[]] {
  const sorted = [...splits].sort((a, b) => a - b);
  return [inPieces(createChunker(options), bytes, sorted), inPieces(createGearChunker(cut, options), bytes, sorted)];
}

/** The first byte in [at, to) of the window whose hash matches, one byte after another as fastcdc.ts does. */
function plainFind(heap: Uint8Array, at: number, to: number, hash: number, mask: number): [number, number] {
  const gear = gearTable();
  let h = hash >>> 0;
  for (let k = at; k < to; k++) {
    h = ((h << 1) + (gear[heap[k] ?? 0] ?? 0)) >>> 0;
    if ((h & mask) === 0) return [k, h];
  }
  return [-1, h];
}

/**
 * `bytes` changed so that, hashed from `hash`, the first byte whose hash matches `mask` is the one
 * at `match`: each byte before it is bumped until it does not match, and the one at it until it
 * does (the byte before it bumped again where no value of it fits).
 */
function plantedMatch(bytes: Uint8Array, match: number, hash: number, mask: number): Uint8Array {
  const gear = gearTable();
  const next = (h: number, byte: number): number => ((h << 1) + (gear[byte] ?? 0)) >>> 0;
  const out = bytes.slice(0, match + 1);
  let h = hash >>> 0;
  const avoid = (y: number, from: number): number => {
    for (let v = 0; v < 256; v++) {
      const byte = (from + v) & 255;
      if ((next(h, byte) & mask) !== 0) return byte;
    }
    throw new Error('every byte matches');
  };
  for (let y = 0; y < match - 1; y++) {
    out[y] = avoid(y, out[y] ?? 0);
    h = next(h, out[y] ?? 0);
  }
  const before = h;
  for (let first = out[match - 1] ?? 0, tries = 0; tries < 256; tries++, first++) {
    if (match > 0) {
      h = before;
      out[match - 1] = avoid(match - 1, first);
      h = next(h, out[match - 1] ?? 0);
    }
    for (let v = 0; v < 256; v++) {
      if ((next(h, v) & mask) === 0) {
        out[match] = v;
        const planted = bytes.slice();
        planted.set(out);
        return planted;
      }
    }
  }
  throw new Error(`no match can be planted at ${match}`);
}

/** Sizes createChunker accepts, small so that a few KiB make many chunks; min === max and min === 1 among them. */
const smallSizes: fc.Arbitrary<ChunkerOptions> = fc.oneof(
  fc
    .record({ avg: fc.integer({ min: 6, max: 600 }), below: fc.nat(600), above: fc.nat(2000) })
    .map(({ avg, below, above }) => ({ minBytes: Math.max(1, avg - below), avgBytes: avg, maxBytes: avg + above })),
  fc.integer({ min: 6, max: 300 }).map((n) => ({ minBytes: n, avgBytes: n, maxBytes: n })),
  fc
    .record({ avg: fc.integer({ min: 6, max: 300 }), above: fc.nat(1000) })
    .map(({ avg, above }) => ({ minBytes: 1, avgBytes: avg, maxBytes: avg + above })),
);

// Random bytes cut by content, and runs of a short pattern, which leave the hash stuck so chunks reach max.
const streamBytes = fc.oneof(
  fc.uint8Array({ maxLength: 12_000 }),
  fc
    .record({ pattern: fc.uint8Array({ minLength: 1, maxLength: 8 }), repeats: fc.nat(1500) })
    .map(({ pattern, repeats }) => {
      const bytes = new Uint8Array(pattern.length * repeats);
      for (let i = 0; i < bytes.length; i++) bytes[i] = pattern[i % pattern.length] ?? 0;
      return bytes;
    }),
);

describe('the gear-cut module', () => {
  const longest = GEAR_CUT_SHAPE.chains * (GEAR_CUT_SHAPE.segments[0] ?? 0);

  it('finds the first match in a range as the byte-by-byte loop does, in blocks of chains and past them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.integer({ min: 0, max: 3 * longest }),
        fc.integer({ min: 0, max: 3 * longest }),
        fc.integer(),
        // From a match every few bytes, through some per block of chains, to none at all.
        fc.oneof(fc.integer({ min: 1, max: 32 }).map(spreadMask), fc.integer()),
        (seed, skip, length, hash, mask) => {
          const at = WINDOW_AT + skip;
          cut.heap.set(seededBytes(skip + length, seed), WINDOW_AT);
          const [expected, last] = plainFind(cut.heap, at, at + length, hash, mask);
          const found = cut.find(at, at + length, hash, mask);
          expect(found).toBe(expected);
          if (found < 0) expect(cut.lastHash() >>> 0).toBe(last);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds a match planted at the edges of each segment, block and tail, and none before it', () => {
    const { chains, segments } = GEAR_CUT_SHAPE;
    // Two blocks of each length, then a tail: the range find's layout walks through from its start.
    const layout = segments.map((length) => ({ length, at: 0 }));
    let length = 0;
    for (const level of layout) {
      level.at = length;
      length += 2 * chains * level.length;
    }
    const tail = length;
    length += Math.min(...segments) - 1;
    const edges = [tail, tail + 1, length - 1];
    for (const level of layout) {
      for (let block = 0; block < 2; block++) {
        for (let chain = 0; chain < chains; chain++) {
          const segment = level.at + (block * chains + chain) * level.length;
          edges.push(segment, segment + 1, segment + level.length - 1);
        }
      }
    }
    // A mask with bit 31: the bit a warm-up one byte short gets wrong, at its segment's first byte.
    const mask = spreadMask(6);
    for (const [i, edge] of edges.entries()) {
      const hash = (i * 0x9e3779b9) | 0;
      const bytes = plantedMatch(seededBytes(length, i + 1), edge, hash, mask);
      cut.heap.set(bytes, WINDOW_AT);
      expect(plainFind(cut.heap, WINDOW_AT, WINDOW_AT + length, hash, mask)[0]).toBe(WINDOW_AT + edge);
      expect(cut.find(WINDOW_AT, WINDOW_AT + length, hash, mask)).toBe(WINDOW_AT + edge);
    }
  });

  it('finds each of many matches in a window where the byte-by-byte loop does', () => {
    // A match every 2 KiB or so: in blocks where some chains match and others do not.
    const mask = spreadMask(11);
    const bytes = seededBytes(WINDOW_BYTES, 5);
    cut.heap.set(bytes, WINDOW_AT);
    let at = WINDOW_AT;
    let hash = 0;
    let found = 0;
    while (at < WINDOW_AT + WINDOW_BYTES) {
      const [expected] = plainFind(cut.heap, at, WINDOW_AT + WINDOW_BYTES, hash, mask);
      expect(cut.find(at, WINDOW_AT + WINDOW_BYTES, hash, mask)).toBe(expected);
      if (expected < 0) break;
      found++;
      at = expected + 1;
      hash = 0;
    }
    expect(found).toBeGreaterThan(100);
  });
});

describe('createGearChunker', () => {
  it('gives createChunker’s boundaries for any bytes, pieces and small sizes', () => {
    fc.assert(
      fc.property(streamBytes, fc.array(fc.nat(12_000), { maxLength: 12 }), smallSizes, (bytes, splits, options) => {
        const [expected, ours] = bothWays(bytes, splits, options);
        expect(ours).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('gives createChunker’s boundaries where ranges are long enough for blocks of chains', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.array(fc.nat(3 * MiB), { maxLength: 8 }),
        fc.record({ min: fc.integer({ min: 1, max: 20_000 }), avg: fc.integer({ min: 2048, max: 65_536 }) }),
        (seed, splits, { min, avg }) => {
          const options = { minBytes: Math.min(min, avg), avgBytes: avg, maxBytes: 4 * avg };
          const [expected, ours] = bothWays(seededBytes(3 * MiB, seed), splits, options);
          expect(ours).toEqual(expected);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('gives createChunker’s boundaries at the shipped sizes, read whole, by MiB and in odd pieces', () => {
    const bytes = seededBytes(12 * MiB, 1);
    const expected = chunkBoundaries(bytes);
    expect(expected.length).toBeGreaterThan(5);
    for (const piece of [bytes.length, MiB, 3 * MiB + 1, 65_536 + 7]) {
      const splits = Array.from({ length: Math.ceil(bytes.length / piece) }, (_, i) => i * piece);
      expect(inPieces(createGearChunker(cut), bytes, splits)).toEqual(expected);
    }
  });

  it('is made, as this thread’s chunker, with the sizes asked for; no instance where the module is refused', () => {
    const bytes = seededBytes(20_000, 3);
    const options = { minBytes: 64, avgBytes: 256, maxBytes: 1024 };
    expect(inPieces(createFastChunker(options), bytes, [7000])).toEqual(chunkBoundaries(bytes, options));
    expect(() => createFastChunker({ minBytes: 0 })).toThrow(RangeError);
    expect(instantiateGearCut(new Uint8Array([0, 97, 115, 109]))).toBeUndefined();
  });

  it('refuses the sizes createChunker refuses, and a push after the end', () => {
    for (const options of [{ minBytes: 0 }, { minBytes: 10, avgBytes: 8, maxBytes: 20 }, { avgBytes: 3 }]) {
      expect(() => createChunker(options)).toThrow(RangeError);
      expect(() => createGearChunker(cut, options)).toThrow(RangeError);
    }
    const chunker = createGearChunker(cut);
    chunker.end();
    expect(() => chunker.push(new Uint8Array(1))).toThrow(/after end/);
    expect(() => chunker.end()).toThrow(/twice/);
  });
});
