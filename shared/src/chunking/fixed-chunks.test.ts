import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedChunkRanges } from './fixed-chunks.js';

describe('fixedChunkRanges', () => {
  it('covers every byte exactly once, in order, none over the chunk size', () => {
    fc.assert(
      fc.property(fc.nat(50_000), fc.integer({ min: 1, max: 4096 }), (size, chunk) => {
        const ranges = fixedChunkRanges(size, chunk);
        let next = 0;
        for (const [start, end] of ranges) {
          expect(start).toBe(next);
          expect(end - start).toBeLessThanOrEqual(chunk);
          next = end;
        }
        expect(next).toBe(size);
      }),
    );
  });

  it('gives no range for an empty file', () => {
    expect(fixedChunkRanges(0)).toEqual([]);
  });

  it('rejects a negative size', () => {
    expect(() => fixedChunkRanges(-1)).toThrow(RangeError);
  });
});
