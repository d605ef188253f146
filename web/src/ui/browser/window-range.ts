// Which rows of a long list are on screen: a folder of 10,000 items renders the few dozen rows the
// window shows (and a few more either side, so that a fast scroll does not flash empty rows).

export type RowRange = { readonly first: number; readonly last: number };

export type Viewport = {
  /** Where the list's first row starts, in pixels from the top of the window (negative once scrolled past). */
  readonly listTop: number;
  readonly windowHeight: number;
  readonly rowHeight: number;
  readonly rowCount: number;
  /** Rows rendered beyond each edge of the window. */
  readonly overscan: number;
};

/** The rows to render, `last` exclusive; empty (first = last) for an empty list. */
export function visibleRows({ listTop, windowHeight, rowHeight, rowCount, overscan }: Viewport): RowRange {
  if (rowCount === 0 || rowHeight <= 0) return { first: 0, last: 0 };
  const top = Math.floor(-listTop / rowHeight) - overscan;
  const bottom = Math.ceil((windowHeight - listTop) / rowHeight) + overscan;
  const first = Math.min(Math.max(0, top), rowCount);
  const last = Math.max(first, Math.min(rowCount, bottom));
  return { first, last };
}

/**
 * How far to scroll the window so that row `index` is in view below a sticky band of `topInset`
 * pixels (the top bar and the list's header): 0 when it already is.
 */
export function scrollToShow(
  index: number,
  { listTop, windowHeight, rowHeight }: Pick<Viewport, 'listTop' | 'windowHeight' | 'rowHeight'>,
  topInset: number,
): number {
  const rowTop = listTop + index * rowHeight;
  if (rowTop < topInset) return rowTop - topInset;
  if (rowTop + rowHeight > windowHeight) return rowTop + rowHeight - windowHeight;
  return 0;
}
