import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../hex.js';
import { seededBytes } from './seeded-bytes.js';
import {
  AVG_CHUNK_BYTES,
  MAX_CHUNK_BYTES,
  MIN_CHUNK_BYTES,
  chunkBoundaries,
  createChunker,
  gearTable,
  spreadMask,
  type ChunkBoundary,
  type ChunkerOptions,
} from './fastcdc.js';

// Small sizes so properties see many chunks in a few KiB.
const SMALL: ChunkerOptions = { minBytes: 64, avgBytes: 256, maxBytes: 1024 };
const MiB = 1024 * 1024;

// Web Crypto, as the browser uses: shared/ may not import node:crypto, and Node 20 has it as a global.
const subtle = (
  globalThis as unknown as {
    crypto: { subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> } };
  }
).crypto.subtle;
const sha256Hex = async (bytes: Uint8Array): Promise<string> =>
  toHex(new Uint8Array(await subtle.digest('SHA-256', bytes)));

/** Feeds `bytes` to a fresh chunker in pieces of the given sizes (cycled), then ends it. */
function chunkInPieces(bytes: Uint8Array, sizes: readonly number[], options: ChunkerOptions): ChunkBoundary[] {
  const chunker = createChunker(options);
  const out: ChunkBoundary[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes.length === 0 ? bytes.length : (sizes[i % sizes.length] ?? 0);
    out.push(...chunker.push(bytes.subarray(at, at + size)));
    at += size;
  }
  out.push(...chunker.end());
  return out;
}

/** The paper's Algorithm 1 over a whole buffer, written plainly: the oracle for the streaming chunker. */
function referenceLengths(bytes: Uint8Array, min: number, avg: number, max: number): number[] {
  const gear = gearTable();
  const bits = Math.round(Math.log2(avg));
  const maskS = spreadMask(bits + 2);
  const maskL = spreadMask(bits - 2);
  const lengths: number[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    let n = bytes.length - offset;
    let cut = n;
    if (n > min) {
      if (n > max) n = max;
      const normal = Math.min(avg, n);
      let hash = 0;
      let i = min;
      cut = -1;
      for (; i < normal && cut < 0; i++) {
        hash = ((hash << 1) + (gear[bytes[offset + i] ?? 0] ?? 0)) >>> 0;
        if ((hash & maskS) === 0) cut = i;
      }
      for (; i < n && cut < 0; i++) {
        hash = ((hash << 1) + (gear[bytes[offset + i] ?? 0] ?? 0)) >>> 0;
        if ((hash & maskL) === 0) cut = i;
      }
      if (cut < 0) cut = n;
    }
    lengths.push(cut);
    offset += cut;
  }
  return lengths;
}

// Random bytes cut by content; runs of a repeated short pattern leave the hash stuck, so they hit the max.
const streamBytes = fc.oneof(
  fc.uint8Array({ maxLength: 12_000 }),
  fc
    .tuple(fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.nat(5000))
    .map(([pattern, n]) => Uint8Array.from({ length: n }, (_, i) => pattern[i % pattern.length] ?? 0)),
);
const pieceSizes = fc.array(fc.oneof(fc.constantFrom(0, 1, 2), fc.nat(3000)), { maxLength: 20 });

describe('createChunker', () => {
  it('gives the same boundaries however the stream is split into pieces', () => {
    fc.assert(
      fc.property(streamBytes, pieceSizes, (bytes, sizes) => {
        // Pieces of size 0 only would never advance: keep one non-empty size in the cycle.
        const cycle = sizes.some((s) => s > 0) ? sizes : [...sizes, 1];
        expect(chunkInPieces(bytes, cycle, SMALL)).toEqual(chunkBoundaries(bytes, SMALL));
      }),
      { numRuns: 300 },
    );
  });

  it('covers the stream in order, each chunk between min and max, only the last shorter than min', () => {
    fc.assert(
      fc.property(streamBytes, (bytes) => {
        const chunks = chunkBoundaries(bytes, SMALL);
        let next = 0;
        chunks.forEach((c, i) => {
          expect(c.offset).toBe(next);
          expect(c.length).toBeGreaterThan(0);
          expect(c.length).toBeLessThanOrEqual(1024);
          if (i < chunks.length - 1) expect(c.length).toBeGreaterThanOrEqual(64);
          next += c.length;
        });
        expect(next).toBe(bytes.length);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(streamBytes, (bytes) => {
        expect(chunkBoundaries(bytes, SMALL)).toEqual(chunkBoundaries(Uint8Array.from(bytes), SMALL));
      }),
    );
  });

  it("matches the paper's Algorithm 1 run over the whole buffer", () => {
    fc.assert(
      fc.property(streamBytes, pieceSizes, (bytes, sizes) => {
        const cycle = sizes.some((s) => s > 0) ? sizes : [1];
        const lengths = chunkInPieces(bytes, cycle, SMALL).map((c) => c.length);
        expect(lengths).toEqual(referenceLengths(bytes, 64, 256, 1024));
      }),
      { numRuns: 300 },
    );
  });

  it('cuts at the shipped sizes around 1 MiB on average, within min and max', () => {
    const bytes = seededBytes(16 * MiB, 1);
    const chunks = chunkInPieces(bytes, [65_536, 1, 300_001], {});
    const lengths = chunks.map((c) => c.length);
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(bytes.length);
    for (const n of lengths.slice(0, -1)) {
      expect(n).toBeGreaterThanOrEqual(MIN_CHUNK_BYTES);
      expect(n).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
    }
    const average = bytes.length / chunks.length;
    expect(average).toBeGreaterThan(AVG_CHUNK_BYTES / 2);
    expect(average).toBeLessThan(AVG_CHUNK_BYTES * 2);
  });

  it('changes at most 2 chunks when one byte is inserted in the middle of 64 MiB', async () => {
    const before = seededBytes(64 * MiB, 7);
    const middle = before.length / 2;
    const after = new Uint8Array(before.length + 1);
    after.set(before.subarray(0, middle));
    after[middle] = 0x42;
    after.set(before.subarray(middle), middle + 1);
    const hashes = async (bytes: Uint8Array): Promise<Set<string>> =>
      new Set(
        await Promise.all(chunkBoundaries(bytes).map((c) => sha256Hex(bytes.subarray(c.offset, c.offset + c.length)))),
      );
    const [old, neu] = await Promise.all([hashes(before), hashes(after)]);
    expect([...neu].filter((h) => !old.has(h)).length).toBeLessThanOrEqual(2);
    expect([...old].filter((h) => !neu.has(h)).length).toBeLessThanOrEqual(2);
    expect(old.size).toBeGreaterThan(30);
  });

  it('cuts fixed-size chunks when min, avg and max are equal', () => {
    const lengths = chunkBoundaries(new Uint8Array(20), { minBytes: 8, avgBytes: 8, maxBytes: 8 }).map((c) => c.length);
    expect(lengths).toEqual([8, 8, 4]);
  });

  it('gives no chunk for an empty stream', () => {
    expect(chunkBoundaries(new Uint8Array(0))).toEqual([]);
  });

  it('rejects sizes out of order, and a push after the end', () => {
    expect(() => createChunker({ minBytes: 0 })).toThrow(RangeError);
    expect(() => createChunker({ minBytes: 512, avgBytes: 256, maxBytes: 1024 })).toThrow(RangeError);
    expect(() => createChunker({ minBytes: 1, avgBytes: 2, maxBytes: 4 })).toThrow(RangeError);
    const chunker = createChunker(SMALL);
    chunker.end();
    expect(() => chunker.push(new Uint8Array(1))).toThrow(Error);
  });
});

describe('gear table and masks', () => {
  // Boundaries, and so deduplication against chunks already stored, depend on these: they must never change.
  it('is the pinned table', async () => {
    const table = gearTable();
    expect([table[0], table[1], table[255]]).toEqual(PINNED_GEAR_EDGES);
    // Little-endian bytes, spelled out so the pin does not depend on the machine's byte order.
    const bytes = new Uint8Array(table.length * 4);
    const view = new DataView(bytes.buffer);
    table.forEach((value, i) => view.setUint32(i * 4, value, true));
    expect(await sha256Hex(bytes)).toBe(PINNED_GEAR_SHA256);
  });

  it('gives the pinned boundaries for seeded data at the shipped sizes', () => {
    expect(chunkBoundaries(seededBytes(8 * MiB, 3)).map((c) => c.length)).toEqual(PINNED_LENGTHS);
  });

  it('spreads mask bits from the top', () => {
    expect(spreadMask(32)).toBe(0xffffffff);
    expect(spreadMask(1)).toBe(0x80000000);
    expect(spreadMask(22).toString(2).replaceAll('0', '').length).toBe(22);
  });
});

// Recorded from the first shipped version.
const PINNED_GEAR_EDGES = [2095299216, 3351993027, 2272131421];
const PINNED_GEAR_SHA256 = '8caec556cf4c1e22cae24a5cbdcbcf484d69bcaebf09fa96bdffdf37b44a7573';
const PINNED_LENGTHS = [831854, 1049181, 1309063, 1323709, 1569873, 1141258, 1163670];
