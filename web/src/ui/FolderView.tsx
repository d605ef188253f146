// One folder of the drive: where it is (breadcrumbs), what is in it, and everything that can be
// done there: new folder, upload (into this folder; a file of an existing name becomes its new
// version), rename, move, copy, versions, delete with Undo.
import { useState, type ReactNode } from 'react';
import type { DriveTree, TreeNode } from '@sheaf/shared/drive/drive-tree';
import { ROOT, type NodeId } from '@sheaf/shared/drive/node-id';
import type { Retention } from '@sheaf/shared/drive/retention';
import type { Workspace } from '../app/services.js';
import type { Toasts } from '../app/toasts.js';
import { useStore } from '../app/use-store.js';
import type { Picked } from '../transfer/folder-plan.js';
import { uploadPicked } from '../transfer/folder-upload.js';
import { Breadcrumbs } from './Breadcrumbs.js';
import { DropZone } from './DropZone.js';
import { FileList, sortItems } from './FileList.js';
import type { RowActions } from './FileRow.js';
import { formatBytes } from './format.js';
import { ActivityIcon, AlertIcon, FolderIcon, FolderPlusIcon, UploadIcon } from './icons.js';
import { MoveDialog } from './MoveDialog.js';
import { UploadList } from './UploadList.js';
import { UploadPicker } from './UploadPicker.js';
import { VersionsDialog } from './VersionsDialog.js';

type FolderViewProps = {
  readonly workspace: Workspace;
  readonly tree: DriveTree;
  /** The drive's version history rule: versions it drops show as expired. */
  readonly retention: Retention;
  readonly folderId: NodeId;
  readonly open: (folder: NodeId) => void;
  readonly toasts: Toasts;
  readonly authorName: (userId: string) => string;
  readonly now: number;
  readonly activityOpen: boolean;
  readonly toggleActivity: () => void;
  readonly showActivityFor: (node: NodeId) => void;
};

type DialogState = { readonly kind: 'move' | 'copy' | 'versions'; readonly node: NodeId } | undefined;

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function summary(items: readonly TreeNode[]): string {
  const folders = items.filter((n) => n.kind === 'folder').length;
  const files = items.filter((n) => n.kind === 'file');
  const bytes = files.reduce((sum, f) => sum + (f.content?.size ?? 0), 0);
  const parts = [
    ...(folders > 0 ? [plural(folders, 'folder', 'folders')] : []),
    ...(files.length > 0 ? [plural(files.length, 'file', 'files'), formatBytes(bytes)] : []),
  ];
  return parts.length === 0 ? 'Empty' : parts.join(' · ');
}

function EmptyFolder({
  root,
  onPick,
}: {
  readonly root: boolean;
  readonly onPick: (picked: Picked) => void;
}): ReactNode {
  return (
    <div className="empty">
      <span className="empty-icon" aria-hidden="true">
        {root ? <UploadIcon size={28} /> : <FolderIcon size={28} />}
      </span>
      <h2 className="empty-title">{root ? 'No files yet' : 'This folder is empty'}</h2>
      <p className="empty-text">
        Drop files or folders here, or choose them from this device. They’ll appear on your other devices too.
      </p>
      <UploadPicker label="Choose files" variant="secondary" onPick={onPick} />
    </div>
  );
}

/** Puts keyboard focus back on an item's row once it is rendered (after a rename or a new folder). */
const focusRow = (id: NodeId): void =>
  void requestAnimationFrame(() => document.querySelector<HTMLElement>(`tr[data-node-id="${id}"]`)?.focus());

export function FolderView(props: FolderViewProps): ReactNode {
  const { workspace, tree, retention, folderId, open, toasts, authorName, now } = props;
  const [selected, setSelected] = useState<NodeId>();
  const [editing, setEditing] = useState<NodeId | 'new'>();
  const [dialog, setDialog] = useState<DialogState>();
  const downloads = useStore(workspace.downloads.byKey);
  const folder = tree.nodes.get(folderId);

  if (folder === undefined || folder.kind !== 'folder' || folder.inTrash) {
    return (
      <div className="drive">
        <div className="card notice" role="status">
          <AlertIcon size={18} />
          <span>This folder was deleted or is no longer in your drive.</span>
          <button type="button" className="button secondary small" onClick={() => open(ROOT)}>
            Go to My Drive
          </button>
        </div>
      </div>
    );
  }

  const items = sortItems(tree.children(folderId));
  const pick = (picked: Picked): void =>
    uploadPicked(picked, folderId, {
      createFolders: (target, folders) => workspace.actions.createFolders(target, folders),
      addItems: workspace.uploads.addItems,
      report: toasts.error,
    });
  const download = (node: TreeNode): void => {
    if (node.content !== undefined) workspace.downloads.start(node.id, node.content, node.name);
  };
  const done = (id: NodeId): void => {
    setEditing(undefined);
    setSelected(id);
    focusRow(id);
  };

  const rowActions: RowActions = {
    select: (node) => setSelected(node.id),
    open: (node) => (node.kind === 'folder' ? open(node.id) : download(node)),
    download,
    startRename: (node) => setEditing(node.id),
    rename(node, name) {
      const renamed = workspace.actions.rename(node.id, name);
      if (!renamed.ok) return renamed.error;
      done(node.id);
      return undefined;
    },
    cancelRename: () => setEditing(undefined),
    renameError: toasts.error,
    move: (node) => setDialog({ kind: 'move', node: node.id }),
    copy: (node) => setDialog({ kind: 'copy', node: node.id }),
    versions: (node) => setDialog({ kind: 'versions', node: node.id }),
    activity: (node) => props.showActivityFor(node.id),
    trash: (node) => {
      if (workspace.actions.trash(node.id)) setSelected(undefined);
    },
    dropInto: (into, dragged) => void workspace.actions.move(dragged, into),
  };
  const newFolder = {
    create(name: string): string | undefined {
      const made = workspace.actions.createFolder(folderId, name);
      if (!made.ok) return made.error;
      done(made.value);
      return undefined;
    },
    cancel: () => setEditing(undefined),
    error: toasts.error,
  };
  const dialogNode = dialog === undefined ? undefined : tree.nodes.get(dialog.node);

  return (
    <DropZone className="drive" onPick={pick}>
      <div className="drive-header">
        <div className="drive-heading">
          <Breadcrumbs
            ancestors={tree.path(folderId)}
            onOpen={open}
            onDropNode={(node, into) => void workspace.actions.move(node, into)}
          />
          <h1 className="drive-title">{folder.name}</h1>
          <p className="drive-summary">{summary(items)}</p>
        </div>
        <div className="toolbar">
          <button type="button" className="button secondary" onClick={() => setEditing('new')}>
            <FolderPlusIcon size={18} />
            <span className="label-wide">New folder</span>
          </button>
          <UploadPicker label="Upload folder" variant="secondary" directory onPick={pick} />
          <UploadPicker label="Upload files" onPick={pick} />
          <button
            type="button"
            className="button ghost"
            aria-pressed={props.activityOpen}
            onClick={props.toggleActivity}
          >
            <ActivityIcon size={18} />
            <span className="label-wide">Activity</span>
          </button>
        </div>
      </div>

      <UploadList uploads={workspace.uploads} />

      {items.length === 0 && editing !== 'new' ? (
        <EmptyFolder root={folderId === ROOT} onPick={pick} />
      ) : (
        <FileList
          tree={tree}
          items={items}
          caption={`Items in ${folder.name}`}
          selected={selected}
          editing={editing}
          downloads={downloads}
          now={now}
          actions={rowActions}
          newFolder={newFolder}
        />
      )}

      {dialog !== undefined && dialogNode !== undefined && dialog.kind !== 'versions' ? (
        <MoveDialog
          tree={tree}
          node={dialogNode}
          mode={dialog.kind}
          onConfirm={(into) =>
            void (dialog.kind === 'move'
              ? workspace.actions.move(dialogNode.id, into)
              : workspace.actions.copy(dialogNode.id, into))
          }
          onClose={() => setDialog(undefined)}
        />
      ) : null}
      {dialog?.kind === 'versions' && dialogNode !== undefined ? (
        <VersionsDialog
          node={dialogNode}
          retention={retention}
          downloads={workspace.downloads}
          downloadStates={downloads}
          actions={workspace.actions}
          authorName={authorName}
          now={now}
          onClose={() => setDialog(undefined)}
        />
      ) : null}
    </DropZone>
  );
}
