import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balancedSplit, localShare } from './hash-balance.js';

const MIB = 1024 * 1024;

describe('localShare', () => {
  it('balances the two threads: cut plus the share here equals the whole hash plus the rest there', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        (cut, whole, local, remote) => {
          const share = localShare({ cut, whole, local, remote });
          expect(share).toBeGreaterThanOrEqual(0);
          expect(share).toBeLessThanOrEqual(1);
          const here = cut + share * local;
          const there = whole + (1 - share) * remote;
          // Balanced, unless one side is the heavier even with none (or all) of the digests.
          if (share > 0 && share < 1) expect(here).toBeCloseTo(there, 6);
          if (share === 0) expect(here).toBeGreaterThanOrEqual(there - 1e-9);
          if (share === 1) expect(here).toBeLessThanOrEqual(there + 1e-9);
        },
      ),
    );
  });

  it('keeps every digest here where the chunks go four at a time, and about four fifths where each costs as much as the whole hash', () => {
    expect(localShare({ cut: 1.5, whole: 3.2, local: 1.6, remote: 1.6 })).toBe(1);
    expect(localShare({ cut: 1.5, whole: 3.2, local: 3.2, remote: 3.2 })).toBeCloseTo(0.77, 2);
    expect(localShare({ cut: 1.5, whole: 3.2, local: 0.8, remote: 0.8 })).toBe(1);
    // Nothing measured yet is no reason for a NaN.
    expect(localShare({ cut: 0, whole: 0, local: 0, remote: 0 })).toBe(1);
  });
});

describe('balancedSplit', () => {
  /** Drives `split` with batches of `sizes` whose costs are `costs` ms per MiB; the bytes kept here. */
  function drive(
    costs: { readonly cut: number; readonly whole: number; readonly local: number; readonly remote: number },
    batches: readonly (readonly number[])[],
  ): { here: number; total: number } {
    const split = balancedSplit();
    let kept = 0;
    let total = 0;
    for (const sizes of batches) {
      const bytes = sizes.reduce((sum, size) => sum + size, 0);
      const batch = split.batch(8 * MIB, true);
      const here = sizes.map((size) => batch.here(size));
      batch.end();
      // The first chunks here, the rest there.
      const k = here.indexOf(false) < 0 ? here.length : here.indexOf(false);
      expect(here.slice(k).every((h) => !h)).toBe(true);
      const local = sizes.slice(0, k).reduce((sum, size) => sum + size, 0);
      split.cut((costs.cut * bytes) / MIB, bytes);
      split.local((costs.local * local) / MIB, local);
      split.remote({
        wholeMs: (costs.whole * bytes) / MIB,
        wholeBytes: bytes,
        digestMs: (costs.remote * (bytes - local)) / MIB,
        digestBytes: bytes - local,
      });
      kept += local;
      total += bytes;
    }
    return { here: kept, total };
  }

  it('comes to the balanced share of the bytes over a file, though each batch splits at a chunk', () => {
    const batches = Array.from({ length: 40 }, (_, i) =>
      [1, 0.5, 2, 1.25, 0.75, 1.5, 1].map((m) => m * MIB * (1 + (i % 3) / 10)),
    );
    const costs = { cut: 2, whole: 4, local: 3, remote: 5 };
    const { here, total } = drive(costs, batches);
    expect(here / total).toBeCloseTo(localShare(costs), 1);
  });

  it('starts from the costs measured with the four-lane SHA-256: all of a first batch here, where the whole hash is there', () => {
    const chunks = Array.from({ length: 8 }, () => MIB);
    const withWhole = balancedSplit().batch(8 * MIB, true);
    expect(chunks.map((size) => withWhole.here(size))).toEqual(chunks.map(() => true));
    // Without a whole hash the other thread has nothing else to do: it takes nearly every digest.
    const withoutWhole = balancedSplit().batch(8 * MIB, false);
    expect(chunks.map((size) => withoutWhole.here(size))).toEqual(chunks.map(() => false));
  });

  it('follows the costs measured, not the guesses it starts from', () => {
    const batches = Array.from({ length: 30 }, () => Array.from({ length: 8 }, () => MIB));
    // Web Crypto fast here and there: every digest here.
    expect(drive({ cut: 1, whole: 3, local: 0.5, remote: 0.5 }, batches).here).toBeGreaterThan(0.9 * 240 * MIB);
    // Cutting costs more than the whole hash: every digest there.
    expect(drive({ cut: 7, whole: 3, local: 3, remote: 3 }, batches).here).toBeLessThan(0.1 * 240 * MIB);
  });
});
