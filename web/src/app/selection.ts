// Which items of the folder shown are selected, as file managers do it: a click selects one, a
// Ctrl/Cmd-click toggles one, a Shift-click selects the run from the anchor (the last item clicked
// without Shift) to the item clicked. Pure functions of the order the items are shown in.

export type Selection<Id extends string = string> = {
  readonly ids: ReadonlySet<Id>;
  /** Where a Shift-click or Shift+arrow range starts. */
  readonly anchor: Id | undefined;
};

export const noSelection = <Id extends string>(): Selection<Id> => ({ ids: new Set(), anchor: undefined });

export const selectOnly = <Id extends string>(id: Id): Selection<Id> => ({ ids: new Set([id]), anchor: id });

export function toggleSelected<Id extends string>(selection: Selection<Id>, id: Id): Selection<Id> {
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id };
}

/**
 * The items from the anchor to `id` in the order shown, the anchor kept so that the range can be
 * changed again; `keep` adds the range to what was selected (Ctrl+Shift-click).
 */
export function selectRange<Id extends string>(
  selection: Selection<Id>,
  order: readonly Id[],
  id: Id,
  keep = false,
): Selection<Id> {
  const from = selection.anchor === undefined ? -1 : order.indexOf(selection.anchor);
  const to = order.indexOf(id);
  if (to < 0) return selection;
  if (from < 0) return selectOnly(id);
  const [low, high] = from <= to ? [from, to] : [to, from];
  const ids = new Set(keep ? selection.ids : []);
  for (let i = low; i <= high; i++) {
    const at = order[i];
    if (at !== undefined) ids.add(at);
  }
  return { ids, anchor: selection.anchor };
}

export const selectAll = <Id extends string>(order: readonly Id[], anchor?: Id): Selection<Id> => ({
  ids: new Set(order),
  anchor: anchor ?? order[0],
});

/** What a click does with these modifier keys. */
export function clickSelection<Id extends string>(
  selection: Selection<Id>,
  order: readonly Id[],
  id: Id,
  keys: { readonly shift: boolean; readonly toggle: boolean },
): Selection<Id> {
  if (keys.shift) return selectRange(selection, order, id, keys.toggle);
  if (keys.toggle) return toggleSelected(selection, id);
  return selectOnly(id);
}

/**
 * The selection without items no longer shown (moved, deleted or renamed away by this device or
 * another): an action on the selection must never reach an item the user cannot see.
 */
export function keepShown<Id extends string>(selection: Selection<Id>, shown: ReadonlySet<Id>): Selection<Id> {
  const gone = [...selection.ids].some((id) => !shown.has(id));
  const anchorGone = selection.anchor !== undefined && !shown.has(selection.anchor);
  if (!gone && !anchorGone) return selection;
  return {
    ids: new Set([...selection.ids].filter((id) => shown.has(id))),
    anchor: anchorGone ? undefined : selection.anchor,
  };
}

/** The selected items in the order shown. */
export const selectedInOrder = <Id extends string>(selection: Selection<Id>, order: readonly Id[]): Id[] =>
  selection.ids.size === 0 ? [] : order.filter((id) => selection.ids.has(id));
