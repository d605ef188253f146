// A folder tree to choose a destination: My Drive and its folders, expandable, keyboard-navigable
// (WAI-ARIA tree: arrows move, Right opens, Left closes, Enter or Space chooses). Folders the item
// cannot go into (itself and what is inside it) are shown but disabled.
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import type { DriveTree, TreeNode } from '@sheaf/shared/drive/drive-tree';
import { ROOT, type NodeId } from '@sheaf/shared/drive/node-id';
import { ChevronDownIcon, ChevronRightIcon, DriveIcon, FolderIcon } from './icons.js';
import { sortItems } from './FileList.js';

type FolderPickerProps = {
  readonly tree: DriveTree;
  readonly chosen: NodeId;
  readonly onChoose: (id: NodeId) => void;
  /** Folders that may not be chosen, with everything under them. */
  readonly excluded: NodeId | undefined;
  readonly label: string;
};

type Row = {
  readonly node: TreeNode;
  readonly level: number;
  readonly hasChildren: boolean;
  readonly disabled: boolean;
};

const subfolders = (tree: DriveTree, id: NodeId): TreeNode[] =>
  sortItems(tree.children(id).filter((c) => c.kind === 'folder'));

export function FolderPicker({ tree, chosen, onChoose, excluded, label }: FolderPickerProps): ReactNode {
  // Open along the way to the chosen folder, so the current place is in view.
  const [open, setOpen] = useState<ReadonlySet<NodeId>>(
    () => new Set([ROOT, ...tree.path(chosen).map((n) => n.id), chosen]),
  );
  const [focused, setFocused] = useState<NodeId>(chosen);

  const rows: Row[] = [];
  const visit = (node: TreeNode, level: number, disabled: boolean): void => {
    const isDisabled = disabled || node.id === excluded;
    const children = subfolders(tree, node.id);
    rows.push({ node, level, hasChildren: children.length > 0, disabled: isDisabled });
    if (open.has(node.id)) for (const child of children) visit(child, level + 1, isDisabled);
  };
  const root = tree.nodes.get(ROOT);
  if (root !== undefined) visit(root, 1, false);

  const toggle = (id: NodeId, to?: boolean): void =>
    setOpen((was) => {
      const next = new Set(was);
      if (to ?? !was.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });

  const focusRow = (id: NodeId): void => {
    setFocused(id);
    document.getElementById(`picker-${id}`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, row: Row, index: number): void => {
    const move = (delta: number): void => {
      const target = rows[index + delta];
      if (target !== undefined) focusRow(target.node.id);
    };
    if (event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowUp') move(-1);
    else if (event.key === 'ArrowRight' && row.hasChildren) toggle(row.node.id, true);
    else if (event.key === 'ArrowLeft') {
      if (open.has(row.node.id) && row.hasChildren) toggle(row.node.id, false);
      else if (row.node.id !== ROOT) focusRow(row.node.parent);
    } else if ((event.key === 'Enter' || event.key === ' ') && !row.disabled) onChoose(row.node.id);
    else return;
    event.preventDefault();
  };

  return (
    <div className="picker" role="tree" aria-label={label}>
      {rows.map((row, index) => {
        const expanded = open.has(row.node.id);
        return (
          <div
            key={row.node.id}
            id={`picker-${row.node.id}`}
            role="treeitem"
            aria-level={row.level}
            aria-expanded={row.hasChildren ? expanded : undefined}
            aria-selected={chosen === row.node.id}
            aria-disabled={row.disabled}
            tabIndex={focused === row.node.id ? 0 : -1}
            className={`picker-row${chosen === row.node.id ? ' is-chosen' : ''}${row.disabled ? ' is-disabled' : ''}`}
            style={{ paddingLeft: `calc(${row.level - 1} * 1.25rem + var(--space-2))` }}
            onClick={() => {
              setFocused(row.node.id);
              if (!row.disabled) onChoose(row.node.id);
            }}
            onKeyDown={(event) => onKeyDown(event, row, index)}
          >
            <span
              className="picker-toggle"
              aria-hidden="true"
              onClick={(event) => {
                event.stopPropagation();
                if (row.hasChildren) toggle(row.node.id);
              }}
            >
              {row.hasChildren ? expanded ? <ChevronDownIcon size={16} /> : <ChevronRightIcon size={16} /> : null}
            </span>
            {row.node.id === ROOT ? <DriveIcon size={18} /> : <FolderIcon size={18} />}
            <span className="picker-name">{row.node.name}</span>
          </div>
        );
      })}
    </div>
  );
}
