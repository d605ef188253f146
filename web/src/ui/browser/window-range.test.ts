import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scrollToShow, visibleRows } from './window-range.js';

const base = { windowHeight: 800, rowHeight: 50, rowCount: 10_000, overscan: 4 };

describe('visibleRows', () => {
  it('renders the rows on screen and a few beyond, not the whole folder', () => {
    expect(visibleRows({ ...base, listTop: 200 })).toEqual({ first: 0, last: 16 });
    expect(visibleRows({ ...base, listTop: -5_000 })).toEqual({ first: 96, last: 120 });
  });

  it('stops at the ends of the list', () => {
    expect(visibleRows({ ...base, listTop: -499_900 })).toEqual({ first: 9_994, last: 10_000 });
    expect(visibleRows({ ...base, rowCount: 3, listTop: 0 })).toEqual({ first: 0, last: 3 });
    expect(visibleRows({ ...base, rowCount: 0, listTop: 0 })).toEqual({ first: 0, last: 0 });
    expect(visibleRows({ ...base, listTop: 2_000 })).toEqual({ first: 0, last: 0 });
  });

  it('always covers every row that is on screen', () => {
    fc.assert(
      fc.property(fc.integer({ min: -600_000, max: 2_000 }), fc.integer({ min: 0, max: 10_000 }), (listTop, count) => {
        const { first, last } = visibleRows({ ...base, rowCount: count, listTop });
        for (let row = 0; row < count; row += 97) {
          const top = listTop + row * base.rowHeight;
          const onScreen = top + base.rowHeight > 0 && top < base.windowHeight;
          if (onScreen) expect(row >= first && row < last).toBe(true);
        }
        expect(last - first).toBeLessThanOrEqual(base.windowHeight / base.rowHeight + 2 * base.overscan + 2);
      }),
    );
  });
});

describe('scrollToShow', () => {
  const view = { listTop: 100, windowHeight: 800, rowHeight: 50 };
  it('scrolls down to a row below the window and up to one under the sticky band', () => {
    expect(scrollToShow(20, view, 120)).toBe(100 + 21 * 50 - 800);
    expect(scrollToShow(0, view, 120)).toBe(-20);
    expect(scrollToShow(5, view, 120)).toBe(0);
  });
});
