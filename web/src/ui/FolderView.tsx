// One folder of the drive: where it is (breadcrumbs), what is in it (list or grid, sorted, with a
// selection), and everything that can be done there: new folder, upload (into this folder; a file
// of an existing name becomes its new version), open, rename, move, copy, versions, delete; each
// answered at once, with Undo in its toast and on Ctrl+Z. Backspace goes to the parent folder.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { DriveTree, TreeNode } from '@sheaf/shared/drive/drive-tree';
import { ROOT, type NodeId } from '@sheaf/shared/drive/node-id';
import type { Retention } from '@sheaf/shared/drive/retention';
import { keepShown, noSelection, selectOnly, type Selection } from '../app/selection.js';
import type { Workspace } from '../app/services.js';
import type { Toasts } from '../app/toasts.js';
import { useStore } from '../app/use-store.js';
import { useThumbnail } from '../app/use-thumbnail.js';
import type { Picked } from '../transfer/folder-plan.js';
import { uploadPicked } from '../transfer/folder-upload.js';
import { ListBar } from './browser/ListBar.js';
import { sortNodes } from './browser/sort.js';
import { setViewPrefs, useViewPrefs } from './browser/view-prefs.js';
import { Breadcrumbs } from './Breadcrumbs.js';
import { DropZone } from './DropZone.js';
import { FileList } from './FileList.js';
import { menuItems, NodeIcon, type RowActions } from './FileRow.js';
import { formatBytes } from './format.js';
import {
  ActivityIcon,
  AlertIcon,
  DownloadIcon,
  FolderIcon,
  FolderPlusIcon,
  MoveIcon,
  TrashIcon,
  UploadIcon,
} from './icons.js';
import { MenuPopup, type MenuAnchor, type MenuItem } from './Menu.js';
import { MoveDialog } from './MoveDialog.js';
import { PreviewDialog } from './PreviewDialog.js';
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

type DialogState =
  | { readonly kind: 'move' | 'copy'; readonly nodes: readonly NodeId[] }
  | { readonly kind: 'versions' | 'preview'; readonly node: NodeId }
  | undefined;

type ContextMenu = { readonly items: readonly TreeNode[]; readonly anchor: MenuAnchor } | undefined;

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
  onNewFolder,
}: {
  readonly root: boolean;
  readonly onPick: (picked: Picked) => void;
  readonly onNewFolder: () => void;
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
      <div className="empty-actions">
        <UploadPicker label="Choose files" variant="secondary" onPick={onPick} />
        <button type="button" className="button ghost" onClick={onNewFolder}>
          <FolderPlusIcon size={18} />
          Create a folder
        </button>
      </div>
    </div>
  );
}

/** A file's thumbnail in the grid, once there is one; its type's icon until then. */
function Thumbnail({ workspace, node }: { readonly workspace: Workspace; readonly node: TreeNode }): ReactNode {
  const url = useThumbnail(workspace, node);
  return url === undefined ? <NodeIcon node={node} size={36} /> : <img className="card-thumb" src={url} alt="" />;
}

/** Keys that are the app's only where nothing else takes typing: text fields, dialogs and menus keep theirs. */
function appKey(event: KeyboardEvent): boolean {
  const target = event.target;
  if (event.defaultPrevented || !(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable="true"], [role="dialog"], [role="menu"]') !== null)
    return false;
  return document.querySelector('[role="dialog"]') === null;
}

export function FolderView(props: FolderViewProps): ReactNode {
  const { workspace, tree, retention, folderId, open, toasts, authorName, now } = props;
  const [selection, setSelection] = useState<Selection<NodeId>>(noSelection);
  const [editing, setEditing] = useState<NodeId | 'new'>();
  const [dialog, setDialog] = useState<DialogState>();
  const [menu, setMenu] = useState<ContextMenu>();
  const [focusRequest, setFocusRequest] = useState<{ id: NodeId; seq: number }>();
  const { view, sort } = useViewPrefs();
  const downloads = useStore(workspace.downloads.byKey);
  // Read so that the menu's "Make available offline" / "Remove offline copy" follows the pins.
  useStore(workspace.offline.pinned);
  const folder = tree.nodes.get(folderId);
  const undo = (): void => workspace.actions.undo();
  const keyState = useRef({ folder, undo, open });
  keyState.current = { folder, undo, open };

  // Backspace and Ctrl+Z work wherever focus is on the page, not only on the list.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!appKey(event)) return;
      const { folder: shown, undo: undoLast, open: go } = keyState.current;
      if (event.key === 'Backspace' && shown !== undefined && shown.id !== ROOT) go(shown.parent);
      else if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z') undoLast();
      else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

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

  const items = sortNodes(tree.children(folderId), sort, (f) => tree.children(f.id).length);
  // Items moved or deleted (here or on another device) leave the selection at once.
  const shown = keepShown(selection, new Set(items.map((n) => n.id)));
  const selected = shown.ids.size === 0 ? [] : items.filter((n) => shown.ids.has(n.id));

  const pick = (picked: Picked): void =>
    uploadPicked(picked, folderId, {
      createFolders: (target, folders) => workspace.actions.createFolders(target, folders),
      addItems: workspace.uploads.addItems,
      report: toasts.error,
    });
  const download = (node: TreeNode): void => {
    if (node.content !== undefined) workspace.downloads.start(node.id, node.content, node.name);
  };
  const focusItem = (id: NodeId): void => setFocusRequest((was) => ({ id, seq: (was?.seq ?? 0) + 1 }));
  const done = (id: NodeId): void => {
    setEditing(undefined);
    setSelection(selectOnly(id));
    focusItem(id);
  };
  const trash = (nodes: readonly TreeNode[]): void => {
    if (workspace.actions.trashMany(nodes.map((n) => n.id))) setSelection(noSelection());
  };
  const moveInto = (into: NodeId, ids: readonly NodeId[]): void => void workspace.actions.moveMany(ids, into);
  const { offline } = workspace;

  const rowActions: RowActions = {
    open: (node) => (node.kind === 'folder' ? open(node.id) : setDialog({ kind: 'preview', node: node.id })),
    download,
    startRename: (node) => setEditing(node.id),
    rename(node, name) {
      const renamed = workspace.actions.rename(node.id, name);
      if (!renamed.ok) return renamed.error;
      done(node.id);
      return undefined;
    },
    cancelRename: () => {
      const was = editing;
      setEditing(undefined);
      if (was !== undefined && was !== 'new') focusItem(was);
    },
    renameError: toasts.error,
    move: (node) => setDialog({ kind: 'move', nodes: [node.id] }),
    copy: (node) => setDialog({ kind: 'copy', nodes: [node.id] }),
    versions: (node) => setDialog({ kind: 'versions', node: node.id }),
    activity: (node) => props.showActivityFor(node.id),
    trash: (node) => trash([node]),
    dropInto: (into, dragged) => moveInto(into, dragged),
    pinOffline: (node) => (offline.isPinnedItself(node.id) ? offline.unpin(node.id) : offline.pin(node.id)),
    isPinned: (node) => offline.isPinnedItself(node.id),
  };

  const bulkItems = (nodes: readonly TreeNode[]): MenuItem[] => {
    const files = nodes.filter((n) => n.kind === 'file');
    return [
      ...(files.length > 0
        ? [
            {
              label: `Download ${plural(files.length, 'file', 'files')}`,
              icon: <DownloadIcon size={18} />,
              onSelect: () => files.forEach(download),
            },
          ]
        : []),
      {
        label: `Move ${nodes.length} items…`,
        icon: <MoveIcon size={18} />,
        onSelect: () => setDialog({ kind: 'move', nodes: nodes.map((n) => n.id) }),
      },
      { label: 'Move to trash', icon: <TrashIcon size={18} />, onSelect: () => trash(nodes), danger: true },
    ];
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
  const dialogNodes =
    dialog === undefined
      ? []
      : ('nodes' in dialog ? dialog.nodes : [dialog.node]).flatMap((id) => {
          const node = tree.nodes.get(id);
          return node === undefined ? [] : [node];
        });
  const dialogNode = dialogNodes[0];
  const selectedFiles = selected.filter((n) => n.kind === 'file');

  return (
    <DropZone className="drive" onPick={pick}>
      <div className="drive-header">
        <div className="drive-heading">
          <Breadcrumbs ancestors={tree.path(folderId)} onOpen={open} onDropNodes={(ids, into) => moveInto(into, ids)} />
          <h1 className="drive-title">{folder.name}</h1>
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
        <EmptyFolder root={folderId === ROOT} onPick={pick} onNewFolder={() => setEditing('new')} />
      ) : (
        <>
          <ListBar
            summary={summary(items)}
            selection={{
              count: selected.length,
              files: selectedFiles.length,
              download: () => selectedFiles.forEach(download),
              move: () => setDialog({ kind: 'move', nodes: selected.map((n) => n.id) }),
              trash: () => trash(selected),
              clear: () => setSelection(noSelection()),
            }}
            view={view}
            onView={(next) => setViewPrefs({ view: next, sort })}
            sort={sort}
            onSort={(next) => setViewPrefs({ view, sort: next })}
          />
          <FileList
            tree={tree}
            items={items}
            label={`Items in ${folder.name}`}
            view={view}
            sort={sort}
            onSort={(next) => setViewPrefs({ view, sort: next })}
            selection={shown}
            onSelectionChange={setSelection}
            editing={editing}
            downloads={downloads}
            now={now}
            actions={rowActions}
            keys={{ trash, contextMenu: (nodes, anchor) => setMenu({ items: nodes, anchor }) }}
            newFolder={newFolder}
            thumbnailOf={(node) => (node.kind === 'file' ? <Thumbnail workspace={workspace} node={node} /> : undefined)}
            focusRequest={focusRequest}
          />
        </>
      )}

      {menu === undefined ? null : (
        <MenuPopup
          label={
            menu.items.length === 1
              ? `Actions for ${menu.items[0]?.name ?? ''}`
              : `Actions for ${menu.items.length} items`
          }
          items={
            menu.items.length === 1 && menu.items[0] !== undefined
              ? menuItems(menu.items[0], rowActions)
              : bulkItems(menu.items)
          }
          anchor={menu.anchor}
          onClose={(refocus) => {
            const first = menu.items[0];
            setMenu(undefined);
            if (refocus && first !== undefined) focusItem(first.id);
          }}
        />
      )}
      {(dialog?.kind === 'move' || dialog?.kind === 'copy') && dialogNodes.length > 0 ? (
        <MoveDialog
          tree={tree}
          nodes={dialogNodes}
          mode={dialog.kind}
          onConfirm={(into) => {
            if (dialog.kind === 'move')
              moveInto(
                into,
                dialogNodes.map((n) => n.id),
              );
            else if (dialogNode !== undefined) workspace.actions.copy(dialogNode.id, into);
          }}
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
      {dialog?.kind === 'preview' && dialogNode !== undefined ? (
        <PreviewDialog
          workspace={workspace}
          node={dialogNode}
          onClose={() => {
            setDialog(undefined);
            focusItem(dialogNode.id);
          }}
        />
      ) : null}
    </DropZone>
  );
}
