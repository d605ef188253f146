// The rows of a long list that are rendered: those the window shows, recomputed as the page scrolls
// or resizes (once per frame at most), and a way to bring a row into view before focusing it. The
// page itself scrolls (the top bar and sidebar are sticky), so the list measures against the window.
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { scrollToShow, visibleRows, type RowRange } from './window-range.js';

const OVERSCAN = 6;

export type RowWindow = {
  readonly ref: RefObject<HTMLDivElement | null>;
  readonly range: RowRange;
  /** Scrolls the window so that row `index` is in view (below `topInset` pixels of sticky bars). */
  readonly reveal: (index: number) => void;
};

const sameRange = (a: RowRange, b: RowRange): boolean => a.first === b.first && a.last === b.last;

/**
 * `whole`: render every row (small folders: find-in-page then sees every name, and nothing is
 * mounted while scrolling).
 */
export function useRowWindow(rowCount: number, rowHeight: number, whole: boolean, topInset: number): RowWindow {
  const ref = useRef<HTMLDivElement>(null);
  const firstGuess = (): RowRange =>
    whole
      ? { first: 0, last: rowCount }
      : { first: 0, last: Math.min(rowCount, Math.ceil(globalThis.innerHeight / rowHeight) + OVERSCAN) };
  const [range, setRange] = useState<RowRange>(firstGuess);

  const measure = useCallback((): void => {
    const element = ref.current;
    if (whole || element === null) {
      setRange((was) => (sameRange(was, { first: 0, last: rowCount }) ? was : { first: 0, last: rowCount }));
      return;
    }
    const next = visibleRows({
      listTop: element.getBoundingClientRect().top,
      windowHeight: window.innerHeight,
      rowHeight,
      rowCount,
      overscan: OVERSCAN,
    });
    setRange((was) => (sameRange(was, next) ? was : next));
  }, [whole, rowCount, rowHeight]);

  // Before paint, so that the first frame already shows the right rows.
  useLayoutEffect(() => {
    measure();
    if (whole) return;
    let frame = 0;
    const schedule = (): void => {
      if (frame === 0)
        frame = requestAnimationFrame(() => {
          frame = 0;
          measure();
        });
    };
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
    };
  }, [measure, whole]);

  const reveal = useCallback(
    (index: number): void => {
      const element = ref.current;
      if (element === null) return;
      const by = scrollToShow(
        index,
        { listTop: element.getBoundingClientRect().top, windowHeight: window.innerHeight, rowHeight },
        topInset,
      );
      if (by !== 0) window.scrollBy({ top: by, behavior: 'instant' });
      measure();
    },
    [rowHeight, topInset, measure],
  );

  return { ref, range, reveal };
}
