import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clickSelection,
  keepShown,
  noSelection,
  selectAll,
  selectedInOrder,
  selectOnly,
  selectRange,
  toggleSelected,
} from './selection.js';

const order = ['a', 'b', 'c', 'd', 'e'];
const ids = (s: { ids: ReadonlySet<string> }): string[] => [...s.ids].sort();

describe('selection', () => {
  it('a click selects one item and makes it the anchor', () => {
    const s = clickSelection(selectAll(order), order, 'c', { shift: false, toggle: false });
    expect(ids(s)).toEqual(['c']);
    expect(s.anchor).toBe('c');
  });

  it('ctrl-click toggles an item in and out, keeping the rest', () => {
    const once = clickSelection(selectOnly('a'), order, 'c', { shift: false, toggle: true });
    expect(ids(once)).toEqual(['a', 'c']);
    expect(ids(toggleSelected(once, 'a'))).toEqual(['c']);
  });

  it('shift-click selects from the anchor, in either direction, and can be redone', () => {
    const from = selectOnly('b');
    expect(ids(selectRange(from, order, 'd'))).toEqual(['b', 'c', 'd']);
    const back = selectRange(selectRange(from, order, 'e'), order, 'a');
    expect(ids(back)).toEqual(['a', 'b']);
    expect(back.anchor).toBe('b');
  });

  it('ctrl+shift-click adds the range to what was selected', () => {
    const s = clickSelection(toggleSelected(selectOnly('a'), 'd'), order, 'e', { shift: true, toggle: true });
    expect(ids(s)).toEqual(['a', 'd', 'e']);
  });

  it('shift-click without an anchor selects only the item', () => {
    expect(ids(selectRange(noSelection(), order, 'c'))).toEqual(['c']);
  });

  it('drops items that are no longer shown, anchor included', () => {
    const s = keepShown(selectRange(selectOnly('b'), order, 'd'), new Set(['a', 'c', 'd']));
    expect(ids(s)).toEqual(['c', 'd']);
    expect(s.anchor).toBeUndefined();
    const same = selectOnly('a');
    expect(keepShown(same, new Set(order))).toBe(same);
  });

  it('lists the selected items in the order shown', () => {
    expect(selectedInOrder(toggleSelected(selectOnly('d'), 'a'), order)).toEqual(['a', 'd']);
  });

  it('a range is always the contiguous run between anchor and target', () => {
    fc.assert(
      fc.property(fc.nat(order.length - 1), fc.nat(order.length - 1), (anchor, target) => {
        const s = selectRange(selectOnly(order[anchor] ?? ''), order, order[target] ?? '');
        const positions = [...s.ids].map((id) => order.indexOf(id)).sort((x, y) => x - y);
        expect(positions[0]).toBe(Math.min(anchor, target));
        expect(positions.at(-1)).toBe(Math.max(anchor, target));
        expect(positions.length).toBe(Math.abs(anchor - target) + 1);
      }),
    );
  });
});
