// A folder's items as a list (sortable columns) or a grid of cards, as an ARIA grid: one tab stop
// (roving tabindex), arrows move (by row and column in the grid), Shift/Ctrl extend the selection,
// Enter opens, F2 renames, Delete trashes, Ctrl+A selects all, Shift+F10 opens the context menu.
// Large folders render only the rows on screen; the "new folder" row sits above the items.
import {
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import type { DriveTree, TreeNode } from '@sheaf/shared/drive/drive-tree';
import type { NodeId } from '@sheaf/shared/drive/node-id';
import {
  clickSelection,
  noSelection,
  selectAll,
  selectedInOrder,
  selectOnly,
  selectRange,
  toggleSelected,
  type Selection,
} from '../app/selection.js';
import type { DownloadState } from '../transfer/download-queue.js';
import { GridCard } from './browser/GridCard.js';
import { BY_NAME, sortNodes, toggleSort, type SortKey, type SortOrder } from './browser/sort.js';
import { useRowWindow } from './browser/use-row-window.js';
import { FileRow, type ItemPointer, type RowActions } from './FileRow.js';
import { ArrowDownIcon, ArrowUpIcon, FolderIcon } from './icons.js';
import type { MenuAnchor } from './Menu.js';
import { NameInput } from './NameInput.js';

/** Pixel heights the windowing counts on; files.css gives rows and cards exactly these. */
export const LIST_ROW_HEIGHT = 56;
const GRID_ROW_HEIGHT = 208;
const GRID_GAP = 16;
const GRID_MIN_CARD = 164;
/** Folders up to this size render whole: find-in-page then sees every name, at under a frame's cost. */
export const WHOLE_UP_TO = 500;
/** The sticky top bar, list bar and column header that a row brought into view must clear. */
const STICKY_LIST = 56 + 52 + 40;
const STICKY_GRID = 56 + 52;

export type ListKeys = {
  /** Delete: the selection, or the focused item when nothing is selected. */
  readonly trash: (items: readonly TreeNode[]) => void;
  /** A right-click or the context-menu key on these items (the selection, or the one item). */
  readonly contextMenu: (items: readonly TreeNode[], anchor: MenuAnchor) => void;
};

export type FileListProps = {
  readonly tree: DriveTree;
  /** In the order shown. */
  readonly items: readonly TreeNode[];
  readonly label: string;
  readonly view: 'list' | 'grid';
  readonly sort: SortOrder;
  readonly onSort: (order: SortOrder) => void;
  readonly selection: Selection<NodeId>;
  readonly onSelectionChange: (selection: Selection<NodeId>) => void;
  readonly editing: NodeId | 'new' | undefined;
  readonly downloads: ReadonlyMap<string, DownloadState>;
  readonly now: number;
  readonly actions: RowActions;
  readonly keys: ListKeys;
  readonly newFolder: {
    readonly create: (name: string) => string | undefined;
    readonly cancel: () => void;
    readonly error: (message: string) => void;
  };
  /** A file's thumbnail for the grid, or undefined for its type's icon. */
  readonly thumbnailOf?: (node: TreeNode) => ReactNode;
  /** Moves keyboard focus to this item once it is shown (after a rename or a new folder); `seq` repeats it. */
  readonly focusRequest?: { readonly id: NodeId; readonly seq: number } | undefined;
};

/** Folders first, then files; by name as people sort (numbers in order, case ignored). */
export const sortItems = (items: readonly TreeNode[]): TreeNode[] => sortNodes(items, BY_NAME);

function SortHeader(props: {
  readonly label: string;
  readonly sortKey: SortKey;
  readonly sort: SortOrder;
  readonly onSort: (order: SortOrder) => void;
  readonly className: string;
}): ReactNode {
  const { label, sortKey, sort, onSort, className } = props;
  const active = sort.key === sortKey;
  return (
    <div role="columnheader" aria-sort={active ? sort.direction : undefined} className={`cell ${className}`}>
      <button
        type="button"
        className={`sort-button${active ? ' is-active' : ''}`}
        onClick={() => onSort(toggleSort(sort, sortKey))}
      >
        {label}
        {active ? sort.direction === 'ascending' ? <ArrowUpIcon size={14} /> : <ArrowDownIcon size={14} /> : null}
      </button>
    </div>
  );
}

function NewFolderItem({ newFolder, grid }: Pick<FileListProps, 'newFolder'> & { readonly grid: boolean }): ReactNode {
  return (
    <div role="row" className={`list-row file-row is-new${grid ? ' is-grid' : ''}`}>
      <div role="gridcell" className="cell cell-name">
        <span className="file-icon is-folder" aria-hidden="true">
          <FolderIcon size={18} />
        </span>
        <span className="file-text">
          <NameInput
            initial="Untitled folder"
            label="New folder name"
            onCommit={newFolder.create}
            onCancel={newFolder.cancel}
            onBlurError={newFolder.error}
          />
        </span>
      </div>
    </div>
  );
}

/** How many cards fit across the grid, followed as the room changes (the activity panel, a resize). */
function useColumns(grid: boolean): { ref: RefObject<HTMLDivElement | null>; columns: number } {
  const ref = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(4);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!grid || element === null) return;
    const fit = (width: number): void =>
      setColumns(Math.max(1, Math.floor((width + GRID_GAP) / (GRID_MIN_CARD + GRID_GAP))));
    fit(element.clientWidth);
    const observer = new ResizeObserver((entries) => {
      const entry = entries[0];
      if (entry !== undefined) fit(entry.contentRect.width);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [grid]);
  return { ref, columns: grid ? columns : 1 };
}

export function FileList(props: FileListProps): ReactNode {
  const { tree, items, label, view, sort, onSort, selection, onSelectionChange, editing, downloads, now } = props;
  const { actions, keys, newFolder, thumbnailOf, focusRequest } = props;
  const grid = view === 'grid';
  const { ref: gridRef, columns } = useColumns(grid);
  const rowCount = Math.ceil(items.length / columns);
  const rowHeight = grid ? GRID_ROW_HEIGHT : LIST_ROW_HEIGHT;
  const win = useRowWindow(rowCount, rowHeight, items.length <= WHOLE_UP_TO, grid ? STICKY_GRID : STICKY_LIST);
  const [focusId, setFocusId] = useState<NodeId>();
  const pendingFocus = useRef<NodeId>(undefined);
  const container = useRef<HTMLDivElement>(null);

  const order = items.map((n) => n.id);
  const indexOf = (id: NodeId | undefined): number => (id === undefined ? -1 : order.indexOf(id));
  // The tab stop: the item last focused, else the first selected, else the first item.
  const focusIndex = Math.max(0, [focusId, ...selection.ids].map(indexOf).find((i) => i >= 0) ?? 0);
  const focused = items[focusIndex];

  /** Focuses the item's element if it is rendered; else once it is (see the effect below). */
  const focusElement = (): void => {
    const id = pendingFocus.current;
    if (id === undefined) return;
    const element = container.current?.querySelector<HTMLElement>(`[data-node-id="${id}"]`);
    if (element === null || element === undefined) return;
    pendingFocus.current = undefined;
    element.focus({ preventScroll: true });
  };

  const moveFocus = (index: number): TreeNode | undefined => {
    const node = items[Math.min(Math.max(0, index), items.length - 1)];
    if (node === undefined) return undefined;
    setFocusId(node.id);
    pendingFocus.current = node.id;
    win.reveal(Math.floor(indexOf(node.id) / columns));
    focusElement();
    return node;
  };

  // Focus follows the keyboard onto rows that were not rendered yet when it moved.
  useLayoutEffect(focusElement);

  const requested = focusRequest?.seq;
  useLayoutEffect(() => {
    if (focusRequest !== undefined) moveFocus(indexOf(focusRequest.id));
    // Only a new request moves focus, not every change of the items.
  }, [requested]);

  const targets = (node: TreeNode): TreeNode[] =>
    selection.ids.has(node.id) ? items.filter((n) => selection.ids.has(n.id)) : [node];

  const pointer: ItemPointer = {
    click(event, node) {
      setFocusId(node.id);
      onSelectionChange(
        clickSelection(selection, order, node.id, { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey }),
      );
    },
    focus: (node) => setFocusId(node.id),
    contextMenu(event: MouseEvent, node) {
      event.preventDefault();
      setFocusId(node.id);
      if (!selection.ids.has(node.id)) onSelectionChange(selectOnly(node.id));
      keys.contextMenu(targets(node), { x: event.clientX, y: event.clientY });
    },
    dragIds: (node) => (selection.ids.has(node.id) ? selectedInOrder(selection, order) : [node.id]),
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.target instanceof HTMLInputElement || items.length === 0) return;
    const at = indexOf(focused?.id);
    const ctrl = event.ctrlKey || event.metaKey;
    const page = Math.max(1, Math.floor(window.innerHeight / rowHeight) - 1) * columns;
    const go = (to: number): void => {
      const node = moveFocus(to);
      if (node === undefined) return;
      const from =
        selection.anchor === undefined && focused !== undefined ? { ...selection, anchor: focused.id } : selection;
      if (event.shiftKey) onSelectionChange(selectRange(from, order, node.id, ctrl));
      else if (!ctrl) onSelectionChange(selectOnly(node.id));
    };
    const key = event.key;
    if (key === 'ArrowDown') go(at + columns);
    else if (key === 'ArrowUp') go(at - columns);
    else if (grid && key === 'ArrowRight') go(at + 1);
    else if (grid && key === 'ArrowLeft') go(at - 1);
    else if (key === 'Home') go(0);
    else if (key === 'End') go(items.length - 1);
    else if (key === 'PageDown') go(at + page);
    else if (key === 'PageUp') go(at - page);
    else if (key === 'Enter' && focused !== undefined) actions.open(focused);
    else if (key === 'F2' && focused !== undefined) actions.startRename(focused);
    else if (key === 'Delete' && focused !== undefined)
      keys.trash(selection.ids.size > 0 ? items.filter((n) => selection.ids.has(n.id)) : [focused]);
    else if (key === ' ' && focused !== undefined)
      onSelectionChange(ctrl ? toggleSelected(selection, focused.id) : selectOnly(focused.id));
    else if (ctrl && key.toLowerCase() === 'a') onSelectionChange(selectAll(order, focused?.id));
    else if (key === 'Escape' && selection.ids.size > 0) onSelectionChange(noSelection());
    else if ((key === 'ContextMenu' || (key === 'F10' && event.shiftKey)) && focused !== undefined) {
      const element = container.current?.querySelector<HTMLElement>(`[data-node-id="${focused.id}"]`);
      const rect = element?.getBoundingClientRect();
      keys.contextMenu(targets(focused), rect === undefined ? { x: 0, y: 0 } : { x: rect.left + 48, y: rect.bottom });
    } else return;
    event.preventDefault();
  };

  const itemProps = (node: TreeNode) => ({
    node,
    itemCount: node.kind === 'folder' ? tree.children(node.id).length : 0,
    selected: selection.ids.has(node.id),
    tabbable: node === focused,
    editing: editing === node.id,
    download: downloads.get(node.id),
    now,
    actions,
    pointer,
  });
  const { first, last } = win.range;
  const body = { paddingTop: first * rowHeight, height: rowCount * rowHeight };
  const shared = {
    'aria-label': label,
    'aria-multiselectable': true,
    onKeyDown,
  };

  if (grid) {
    const rows: ReactNode[] = [];
    for (let row = first; row < Math.min(last, rowCount); row++) {
      const cards = items.slice(row * columns, (row + 1) * columns);
      rows.push(
        <div key={row} role="row" aria-rowindex={row + 1} className="grid-row">
          {cards.map((node, column) => (
            <GridCard key={node.id} {...itemProps(node)} column={column} thumbnail={thumbnailOf?.(node)} />
          ))}
        </div>,
      );
    }
    return (
      <div
        ref={(element) => {
          gridRef.current = element;
          container.current = element;
        }}
        className="file-grid"
        role="grid"
        aria-rowcount={rowCount}
        aria-colcount={columns}
        style={{ '--grid-columns': columns } as CSSProperties}
        {...shared}
      >
        {editing === 'new' ? (
          <div role="rowgroup" className="grid-new">
            <NewFolderItem newFolder={newFolder} grid />
          </div>
        ) : null}
        <div role="rowgroup" ref={win.ref} className="grid-body" style={body}>
          {rows}
        </div>
      </div>
    );
  }

  return (
    <div
      ref={container}
      className="card file-list"
      role="grid"
      aria-rowcount={items.length + 1}
      aria-colcount={6}
      {...shared}
    >
      <div role="rowgroup" className="list-head">
        <div role="row" aria-rowindex={1} className="list-row head-row">
          <SortHeader label="Name" sortKey="name" sort={sort} onSort={onSort} className="cell-name" />
          <SortHeader label="Type" sortKey="type" sort={sort} onSort={onSort} className="cell-type" />
          <SortHeader label="Size" sortKey="size" sort={sort} onSort={onSort} className="cell-size" />
          <SortHeader label="Modified" sortKey="modified" sort={sort} onSort={onSort} className="cell-date" />
          <div role="columnheader" className="cell cell-device">
            Device
          </div>
          <div role="columnheader" className="cell cell-action">
            <span className="visually-hidden">Actions</span>
          </div>
        </div>
      </div>
      {editing === 'new' ? (
        <div role="rowgroup" className="list-new">
          <NewFolderItem newFolder={newFolder} grid={false} />
        </div>
      ) : null}
      <div role="rowgroup" ref={win.ref} className="list-body" style={body}>
        {items.slice(first, last).map((node, i) => (
          <FileRow key={node.id} {...itemProps(node)} index={first + i} />
        ))}
      </div>
    </div>
  );
}
