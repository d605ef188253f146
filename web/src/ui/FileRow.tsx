// One item of a folder: icon, name (or the rename field), size, last change and its device, and
// its actions. Click selects, double-click or Enter opens, F2 renames, Delete moves to the trash;
// a row can be dragged onto a folder row or a breadcrumb, and a folder row takes drops.
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import type { TreeNode } from '@sheaf/shared/drive/drive-tree';
import type { NodeId } from '@sheaf/shared/drive/node-id';
import type { DownloadState } from '../transfer/download-queue.js';
import { nodeDropTarget, startNodeDrag } from './drag.js';
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
  PencilIcon,
  TrashIcon,
} from './icons.js';
import { Menu, type MenuItem } from './Menu.js';
import { NameInput } from './NameInput.js';

/** What a row can ask of the folder view. */
export type RowActions = {
  readonly select: (node: TreeNode) => void;
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
  readonly dropInto: (folder: NodeId, dragged: NodeId) => void;
};

type FileRowProps = {
  readonly node: TreeNode;
  /** Folders: how many items they hold. */
  readonly itemCount: number;
  readonly selected: boolean;
  readonly editing: boolean;
  readonly download: DownloadState | undefined;
  readonly now: number;
  readonly actions: RowActions;
};

export function NodeIcon({ node }: { readonly node: TreeNode }): ReactNode {
  const image = node.content?.mediaType.startsWith('image/') === true;
  return (
    <span className={`file-icon${node.kind === 'folder' ? ' is-folder' : ''}`} aria-hidden="true">
      {node.kind === 'folder' ? <FolderIcon size={18} /> : image ? <ImageIcon size={18} /> : <FileIcon size={18} />}
    </span>
  );
}

function DownloadButton({
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
      onClick={onDownload}
    >
      <DownloadIcon size={18} />
    </button>
  );
}

function menuItems(node: TreeNode, actions: RowActions): MenuItem[] {
  const file = node.kind === 'file';
  return [
    file
      ? { label: 'Download', icon: <DownloadIcon size={18} />, onSelect: () => actions.download(node) }
      : { label: 'Open', icon: <FolderIcon size={18} />, onSelect: () => actions.open(node) },
    { label: 'Rename', icon: <PencilIcon size={18} />, onSelect: () => actions.startRename(node) },
    { label: 'Move…', icon: <MoveIcon size={18} />, onSelect: () => actions.move(node) },
    { label: 'Copy…', icon: <CopyIcon size={18} />, onSelect: () => actions.copy(node) },
    ...(file ? [{ label: 'Versions', icon: <HistoryIcon size={18} />, onSelect: () => actions.versions(node) }] : []),
    { label: 'Activity', icon: <ActivityIcon size={18} />, onSelect: () => actions.activity(node) },
    { label: 'Move to trash', icon: <TrashIcon size={18} />, onSelect: () => actions.trash(node), danger: true },
  ];
}

const itemsLabel = (n: number): string => (n === 1 ? '1 item' : `${n} items`);

export function FileRow({ node, itemCount, selected, editing, download, now, actions }: FileRowProps): ReactNode {
  const [dropOver, setDropOver] = useState(false);
  const isFolder = node.kind === 'folder';
  const size = isFolder ? itemsLabel(itemCount) : formatBytes(node.content?.size ?? 0);

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>): void => {
    if (event.target !== event.currentTarget) return;
    const row = event.currentTarget;
    const sibling = (next: boolean): Element | null => (next ? row.nextElementSibling : row.previousElementSibling);
    if (event.key === 'Enter') actions.open(node);
    else if (event.key === 'F2') actions.startRename(node);
    else if (event.key === 'Delete') actions.trash(node);
    else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const target = sibling(event.key === 'ArrowDown');
      if (target instanceof HTMLElement) target.focus();
    } else return;
    event.preventDefault();
  };

  const drop = isFolder
    ? nodeDropTarget((dragged) => {
        if (dragged !== node.id) actions.dropInto(node.id, dragged);
      }, setDropOver)
    : {};

  return (
    <tr
      className={`file-row${selected ? ' is-selected' : ''}${dropOver ? ' is-drop-target' : ''}`}
      data-testid="file-row"
      data-kind={node.kind}
      data-node-id={node.id}
      aria-selected={selected}
      tabIndex={0}
      draggable={!editing}
      onClick={() => actions.select(node)}
      onFocus={(event) => {
        if (event.target === event.currentTarget) actions.select(node);
      }}
      onDoubleClick={() => actions.open(node)}
      onKeyDown={onKeyDown}
      onDragStart={(event) => startNodeDrag(event, node.id)}
      {...drop}
    >
      <td className="col-name">
        <span className="file-name">
          <NodeIcon node={node} />
          <span className="file-text">
            {editing ? (
              <NameInput
                initial={node.name}
                label={`New name for ${node.name}`}
                selectStem={!isFolder}
                onCommit={(name) => actions.rename(node, name)}
                onCancel={actions.cancelRename}
                onBlurError={actions.renameError}
              />
            ) : (
              <span className="file-title" title={node.name} data-testid="file-name">
                {node.name}
              </span>
            )}
            {node.conflictOf === undefined ? null : (
              <span className="badge badge-warning">
                <ConflictIcon size={12} /> Conflicted copy
              </span>
            )}
            <span className="file-meta-narrow">
              <span className="meta-when">
                {size} · {formatShortDate(node.modified.at, now)} ·{' '}
              </span>
              {node.modified.device}
            </span>
            {download?.state === 'failed' ? (
              <span className="file-error" role="alert">
                <AlertIcon size={14} /> {download.message}
              </span>
            ) : null}
          </span>
        </span>
      </td>
      <td className="col-size">{size}</td>
      <td className="col-date">
        <time dateTime={new Date(node.modified.at).toISOString()} title={formatLongDate(node.modified.at)}>
          {formatShortDate(node.modified.at, now)}
        </time>
      </td>
      <td className="col-device" title={node.modified.device}>
        {node.modified.device}
      </td>
      <td className="col-action">
        <span className="row-actions" onDoubleClick={(event) => event.stopPropagation()}>
          {isFolder ? null : <DownloadButton node={node} state={download} onDownload={() => actions.download(node)} />}
          <Menu label={`More actions for ${node.name}`} items={menuItems(node, actions)} />
        </span>
      </td>
    </tr>
  );
}
