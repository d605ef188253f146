import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ifRangeHolds, parseRange } from './range.js';

describe('parseRange', () => {
  it('reads the forms curl and browsers send', () => {
    expect(parseRange(undefined, 100)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-9', 100)).toEqual({ kind: 'partial', start: 0, end: 10 });
    expect(parseRange('bytes=90-', 100)).toEqual({ kind: 'partial', start: 90, end: 100 });
    expect(parseRange('bytes=-10', 100)).toEqual({ kind: 'partial', start: 90, end: 100 });
    expect(parseRange('bytes=-500', 100)).toEqual({ kind: 'partial', start: 0, end: 100 });
    expect(parseRange('bytes=50-5000', 100)).toEqual({ kind: 'partial', start: 50, end: 100 });
  });

  it('refuses a range past the end, and ignores what it does not understand', () => {
    expect(parseRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    for (const odd of ['bytes=5-1', 'items=0-1', 'bytes=0-1,5-6', 'bytes=a-b', 'bytes=-', '']) {
      expect(parseRange(odd, 100)).toEqual({ kind: 'full' });
    }
  });

  it('always answers a range inside the representation', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.option(fc.nat(20_000)), fc.option(fc.nat(20_000)), (size, a, b) => {
        const header = `bytes=${a ?? ''}-${b ?? ''}`;
        const answer = parseRange(header, size);
        if (answer.kind === 'partial') {
          expect(answer.start).toBeGreaterThanOrEqual(0);
          expect(answer.end).toBeLessThanOrEqual(size);
          expect(answer.end).toBeGreaterThan(answer.start);
        }
      }),
    );
  });
});

describe('ifRangeHolds', () => {
  it('holds without the header or with the same strong tag', () => {
    expect(ifRangeHolds(undefined, '"abc"')).toBe(true);
    expect(ifRangeHolds('"abc"', '"abc"')).toBe(true);
    expect(ifRangeHolds('"xyz"', '"abc"')).toBe(false);
    expect(ifRangeHolds('Wed, 21 Oct 2015 07:28:00 GMT', '"abc"')).toBe(false);
  });
});
