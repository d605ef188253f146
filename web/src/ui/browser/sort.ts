// The order a folder's items are shown in: folders always first, then by the column chosen, ties
// by name as people sort (numbers in order, case ignored), so that an order never looks random.
import type { TreeNode } from '@sheaf/shared/drive/drive-tree';
import { splitExtension } from '@sheaf/shared/drive/names';

export const SORT_KEYS = ['name', 'modified', 'size', 'type'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';
export type SortOrder = { readonly key: SortKey; readonly direction: SortDirection };

export const BY_NAME: SortOrder = { key: 'name', direction: 'ascending' };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const byName = (a: TreeNode, b: TreeNode): number => collator.compare(a.name, b.name) || (a.name < b.name ? -1 : 1);

/** What kind of file it is, in words: its extension, as every file manager shows it. */
export function typeLabel(node: TreeNode): string {
  if (node.kind === 'folder') return 'Folder';
  const { ext } = splitExtension(node.name);
  return ext === '' ? 'File' : `${ext.slice(1).toUpperCase()} file`;
}

/**
 * The items in `order`. `itemCount` gives a folder's size (how many items it holds), which is what
 * the size column shows for it.
 */
export function sortNodes(
  items: readonly TreeNode[],
  order: SortOrder,
  itemCount: (folder: TreeNode) => number = () => 0,
): TreeNode[] {
  const sign = order.direction === 'ascending' ? 1 : -1;
  const sizes = new Map<TreeNode, number>();
  const sizeOf = (n: TreeNode): number => {
    let size = sizes.get(n);
    if (size === undefined) {
      size = n.kind === 'folder' ? itemCount(n) : (n.content?.size ?? 0);
      sizes.set(n, size);
    }
    return size;
  };
  const types = new Map<TreeNode, string>();
  const typeOf = (n: TreeNode): string => {
    let type = types.get(n);
    if (type === undefined) types.set(n, (type = typeLabel(n)));
    return type;
  };
  const primary: Record<SortKey, (a: TreeNode, b: TreeNode) => number> = {
    name: byName,
    modified: (a, b) => a.modified.at - b.modified.at,
    size: (a, b) => sizeOf(a) - sizeOf(b),
    type: (a, b) => collator.compare(typeOf(a), typeOf(b)),
  };
  const compare = primary[order.key];
  return [...items].sort((a, b) => {
    if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
    return sign * compare(a, b) || byName(a, b);
  });
}

/** The order after a click on a column's header: that column ascending, or the other way round. */
export function toggleSort(current: SortOrder, key: SortKey): SortOrder {
  if (current.key !== key) return { key, direction: key === 'modified' ? 'descending' : 'ascending' };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}
