// One item of a folder in the list view: icon, name (or the rename field), type, size, last change
// and its device, and its actions. The list around it handles selection and keys; a row can be
// dragged (with the rest of the selection) onto a folder row or a breadcrumb, and a folder row
// takes drops.
import { useState, type DragEvent, type FocusEvent, type MouseEvent, type ReactNode } from 'react';
import type { TreeNode } from '@sheaf/shared/drive/drive-tree';
import type { NodeId } from '@sheaf/shared/drive/node-id';
import type { DownloadState } from '../transfer/download-queue.js';
import { typeLabel } from './browser/sort.js';
import { nodesDropTarget, startNodeDrag } from './drag.js';
import { formatBytes, formatLongDate, formatShortDate, percent } from './format.js';
import {
  ActivityIcon,
  AlertIcon,
  ConflictIcon,
  CopyIcon,
  DownloadIcon,
  FileIcon,
  FolderIcon,
  HistoryIcon,
  ImageIcon,
  MoveIcon,
  OfflinePinIcon,
  PencilIcon,
  TrashIcon,
} from './icons.js';
import { Menu, type MenuItem } from './Menu.js';
import { NameInput } from './NameInput.js';

/** What a row (its menu, its name field, a drop on it) can ask of the folder view. */
export type RowActions = {
  readonly open: (node: TreeNode) => void;
  readonly download: (node: TreeNode) => void;
  readonly startRename: (node: TreeNode) => void;
  readonly rename: (node: TreeNode, name: string) => string | undefined;
  readonly cancelRename: () => void;
  readonly renameError: (message: string) => void;
  readonly move: (node: TreeNode) => void;
  readonly copy: (node: TreeNode) => void;
  readonly versions: (node: TreeNode) => void;
  readonly activity: (node: TreeNode) => void;
  readonly trash: (node: TreeNode) => void;
  readonly dropInto: (folder: NodeId, dragged: readonly NodeId[]) => void;
  /** Keeps a file's bytes on this device; offered only where the app can. */
  readonly pinOffline?: (node: TreeNode) => void;
  readonly isPinned?: (node: TreeNode) => boolean;
};

/** What the list does when an item is clicked, focused, right-clicked or dragged. */
export type ItemPointer = {
  readonly click: (event: MouseEvent, node: TreeNode) => void;
  readonly focus: (node: TreeNode) => void;
  readonly contextMenu: (event: MouseEvent, node: TreeNode) => void;
  /** The ids a drag of this item carries: the selection when the item is in it. */
  readonly dragIds: (node: TreeNode) => readonly NodeId[];
};

/** Common to a list row and a grid card. */
export type ItemProps = {
  readonly node: TreeNode;
  /** Folders: how many items they hold. */
  readonly itemCount: number;
  readonly selected: boolean;
  /** The one item of the list in the tab order (roving tabindex). */
  readonly tabbable: boolean;
  readonly editing: boolean;
  readonly download: DownloadState | undefined;
  readonly now: number;
  readonly actions: RowActions;
  readonly pointer: ItemPointer;
};

export function NodeIcon({ node, size = 18 }: { readonly node: TreeNode; readonly size?: number }): ReactNode {
  const image = node.content?.mediaType.startsWith('image/') === true;
  return (
    <span className={`file-icon${node.kind === 'folder' ? ' is-folder' : ''}`} aria-hidden="true">
      {node.kind === 'folder' ? (
        <FolderIcon size={size} />
      ) : image ? (
        <ImageIcon size={size} />
      ) : (
        <FileIcon size={size} />
      )}
    </span>
  );
}

export function DownloadButton({
  node,
  state,
  onDownload,
}: {
  node: TreeNode;
  state: DownloadState | undefined;
  onDownload: () => void;
}): ReactNode {
  if (state?.state === 'downloading') {
    const value = percent(state.doneBytes, state.totalBytes);
    return (
      <span
        className="download-progress"
        role="progressbar"
        aria-label={`Downloading ${node.name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
      >
        <span
          className="download-ring"
          aria-hidden="true"
          style={{ background: `conic-gradient(var(--accent) ${value}%, var(--track) 0)` }}
        />
      </span>
    );
  }
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={`Download ${node.name}`}
      title={state?.state === 'failed' ? 'Try the download again' : 'Download'}
      tabIndex={-1}
      onClick={(event) => {
        event.stopPropagation();
        onDownload();
      }}
    >
      <DownloadIcon size={18} />
    </button>
  );
}

/** The actions on one item, for its "more" button and its context menu. */
export function menuItems(node: TreeNode, actions: RowActions): MenuItem[] {
  const file = node.kind === 'file';
  const { pinOffline, isPinned } = actions;
  const pinned = isPinned?.(node) === true;
  return [
    file
      ? { label: 'Download', icon: <DownloadIcon size={18} />, onSelect: () => actions.download(node) }
      : { label: 'Open', icon: <FolderIcon size={18} />, onSelect: () => actions.open(node) },
    { label: 'Rename', icon: <PencilIcon size={18} />, onSelect: () => actions.startRename(node) },
    { label: 'Move…', icon: <MoveIcon size={18} />, onSelect: () => actions.move(node) },
    { label: 'Copy…', icon: <CopyIcon size={18} />, onSelect: () => actions.copy(node) },
    ...(file ? [{ label: 'Versions', icon: <HistoryIcon size={18} />, onSelect: () => actions.versions(node) }] : []),
    ...(pinOffline === undefined
      ? []
      : [
          {
            label: pinned ? 'Remove offline copy' : 'Make available offline',
            icon: <OfflinePinIcon size={18} />,
            onSelect: () => pinOffline(node),
          },
        ]),
    { label: 'Activity', icon: <ActivityIcon size={18} />, onSelect: () => actions.activity(node) },
    { label: 'Move to trash', icon: <TrashIcon size={18} />, onSelect: () => actions.trash(node), danger: true },
  ];
}

const itemsLabel = (n: number): string => (n === 1 ? '1 item' : `${n} items`);

export const sizeLabel = (node: TreeNode, itemCount: number): string =>
  node.kind === 'folder' ? itemsLabel(itemCount) : formatBytes(node.content?.size ?? 0);

/**
 * What rows and cards share: their test and node attributes, one tab stop among the items, the
 * pointer's click, focus, double-click and context menu, and drag and drop (folders take drops,
 * anything can be dragged).
 */
export function useItemProps(
  node: TreeNode,
  editing: boolean,
  tabbable: boolean,
  actions: RowActions,
  pointer: ItemPointer,
): { dropOver: boolean; props: Record<string, unknown> } {
  const [dropOver, setDropOver] = useState(false);
  const drop =
    node.kind === 'folder'
      ? nodesDropTarget((dragged) => {
          const others = dragged.filter((id) => id !== node.id);
          if (others.length > 0) actions.dropInto(node.id, others);
        }, setDropOver)
      : {};
  return {
    dropOver,
    props: {
      'data-testid': 'file-row',
      'data-kind': node.kind,
      'data-node-id': node.id,
      tabIndex: tabbable ? 0 : -1,
      onClick: (event: MouseEvent) => pointer.click(event, node),
      onFocus: (event: FocusEvent) => {
        if (event.target === event.currentTarget) pointer.focus(node);
      },
      onDoubleClick: () => actions.open(node),
      onContextMenu: (event: MouseEvent) => pointer.contextMenu(event, node),
      draggable: !editing,
      onDragStart: (event: DragEvent) => startNodeDrag(event, pointer.dragIds(node)),
      ...drop,
    },
  };
}

export function ItemName({ node, editing, actions }: Pick<ItemProps, 'node' | 'editing' | 'actions'>): ReactNode {
  return editing ? (
    <NameInput
      initial={node.name}
      label={`New name for ${node.name}`}
      selectStem={node.kind !== 'folder'}
      onCommit={(name) => actions.rename(node, name)}
      onCancel={actions.cancelRename}
      onBlurError={actions.renameError}
    />
  ) : (
    <span className="file-title" title={node.name} data-testid="file-name">
      {node.name}
    </span>
  );
}

export function FileRow(props: ItemProps & { readonly index: number }): ReactNode {
  const { node, itemCount, selected, tabbable, editing, download, now, actions, pointer, index } = props;
  const { dropOver, props: itemProps } = useItemProps(node, editing, tabbable, actions, pointer);
  const size = sizeLabel(node, itemCount);
  const when = formatShortDate(node.modified.at, now);

  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`list-row file-row${selected ? ' is-selected' : ''}${dropOver ? ' is-drop-target' : ''}${editing ? ' is-editing' : ''}`}
      {...itemProps}
    >
      <div role="gridcell" className="cell cell-name">
        <NodeIcon node={node} />
        <span className="file-text">
          <span className="file-line">
            <ItemName node={node} editing={editing} actions={actions} />
            {node.conflictOf === undefined ? null : (
              <span className="badge badge-warning">
                <ConflictIcon size={12} /> Conflicted copy
              </span>
            )}
          </span>
          {download?.state === 'failed' ? (
            <span className="file-error" role="alert">
              <AlertIcon size={14} /> {download.message}
            </span>
          ) : (
            <span className="file-meta-narrow">
              <span className="meta-when">
                {size} · {when} ·{' '}
              </span>
              {node.modified.device}
            </span>
          )}
        </span>
      </div>
      <div role="gridcell" className="cell cell-type">
        {typeLabel(node)}
      </div>
      <div role="gridcell" className="cell cell-size">
        {size}
      </div>
      <div role="gridcell" className="cell cell-date">
        <time dateTime={new Date(node.modified.at).toISOString()} title={formatLongDate(node.modified.at)}>
          {when}
        </time>
      </div>
      <div role="gridcell" className="cell cell-device" title={node.modified.device}>
        {node.modified.device}
      </div>
      <div role="gridcell" className="cell cell-action">
        <span className="row-actions" onDoubleClick={(event) => event.stopPropagation()}>
          {node.kind === 'folder' ? null : (
            <DownloadButton node={node} state={download} onDownload={() => actions.download(node)} />
          )}
          <Menu label={`More actions for ${node.name}`} items={menuItems(node, actions)} tabIndex={-1} />
        </span>
      </div>
    </div>
  );
}
