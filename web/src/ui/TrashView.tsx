// The trash: what was deleted, when, by whom and from which device, and where it came from.
// Restore puts an item back (or in My Drive when its folder is gone); "Delete forever" and "Empty
// trash" ask first, since they cannot be undone.
import { useState, type ReactNode } from 'react';
import type { DriveTree, TreeNode } from '@sheaf/shared/drive/drive-tree';
import { ROOT } from '@sheaf/shared/drive/node-id';
import type { DriveActions } from '../app/drive-actions.js';
import { ConfirmDialog } from './Dialog.js';
import { NodeIcon } from './FileRow.js';
import { formatBytes, formatLongDate, formatRelative } from './format.js';
import { RestoreIcon, TrashIcon } from './icons.js';

type TrashViewProps = {
  readonly tree: DriveTree;
  readonly actions: DriveActions;
  readonly authorName: (userId: string) => string;
  readonly now: number;
};

type Confirm = { readonly kind: 'purge'; readonly node: TreeNode } | { readonly kind: 'empty' } | undefined;

function origin(tree: DriveTree, node: TreeNode): string {
  const parent = tree.nodes.get(node.parent);
  if (parent === undefined || node.parent === ROOT) return 'My Drive';
  return [...tree.path(node.parent).map((n) => n.name), parent.name].join(' / ');
}

export function TrashView({ tree, actions, authorName, now }: TrashViewProps): ReactNode {
  const [confirm, setConfirm] = useState<Confirm>();
  const items = tree.trash();

  return (
    <div className="drive">
      <div className="drive-header">
        <div className="drive-heading">
          <h1 className="drive-title">Trash</h1>
          <p className="drive-summary">
            {items.length === 0
              ? 'Nothing in the trash'
              : `${items.length} ${items.length === 1 ? 'item' : 'items'} · kept until you delete them forever`}
          </p>
        </div>
        {items.length === 0 ? null : (
          <div className="toolbar">
            <button type="button" className="button danger-ghost" onClick={() => setConfirm({ kind: 'empty' })}>
              <TrashIcon size={18} />
              <span>Empty trash</span>
            </button>
          </div>
        )}
      </div>

      {items.length === 0 ? (
        <div className="empty">
          <span className="empty-icon" aria-hidden="true">
            <TrashIcon size={28} />
          </span>
          <h2 className="empty-title">The trash is empty</h2>
          <p className="empty-text">
            Deleted files and folders wait here, on every device, until you remove them for good.
          </p>
        </div>
      ) : (
        <div className="card table-card">
          <table className="files trash">
            <caption className="visually-hidden">Items in the trash</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="col-date">
                  Deleted
                </th>
                <th scope="col" className="col-device">
                  By
                </th>
                <th scope="col" className="col-trash-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((node) => {
                const trashed = node.trashed ?? node.modified;
                return (
                  <tr key={node.id} data-testid="trash-row">
                    <td className="col-name">
                      <span className="file-name">
                        <NodeIcon node={node} />
                        <span className="file-text">
                          <span className="file-title" title={node.name}>
                            {node.name}
                          </span>
                          <span className="file-meta">
                            From {origin(tree, node)}
                            {node.kind === 'file' ? ` · ${formatBytes(node.content?.size ?? 0)}` : ''}
                          </span>
                          <span className="file-meta-narrow">
                            {formatRelative(trashed.at, now)} · {trashed.device}
                          </span>
                        </span>
                      </span>
                    </td>
                    <td className="col-date">
                      <time dateTime={new Date(trashed.at).toISOString()} title={formatLongDate(trashed.at)}>
                        {formatRelative(trashed.at, now)}
                      </time>
                    </td>
                    <td className="col-device">
                      <span className="cell-stack">
                        <span>{authorName(trashed.by)}</span>
                        <span className="cell-sub" title={trashed.device}>
                          {trashed.device}
                        </span>
                      </span>
                    </td>
                    <td className="col-trash-actions">
                      <span className="row-actions">
                        <button
                          type="button"
                          className="button secondary small"
                          aria-label={`Restore ${node.name}`}
                          onClick={() => actions.restore(node.id)}
                        >
                          <RestoreIcon size={16} />
                          <span className="label-wide">Restore</span>
                        </button>
                        <button
                          type="button"
                          className="button danger-ghost small"
                          aria-label={`Delete ${node.name} forever`}
                          onClick={() => setConfirm({ kind: 'purge', node })}
                        >
                          <TrashIcon size={16} />
                          <span className="label-wide">Delete forever</span>
                        </button>
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {confirm?.kind === 'purge' ? (
        <ConfirmDialog
          title="Delete forever?"
          message={`“${confirm.node.name}” will be deleted from all your devices. This can’t be undone.`}
          confirmLabel="Delete forever"
          onConfirm={() => actions.purge(confirm.node.id)}
          onClose={() => setConfirm(undefined)}
        />
      ) : null}
      {confirm?.kind === 'empty' ? (
        <ConfirmDialog
          title="Empty the trash?"
          message={`${items.length} ${items.length === 1 ? 'item' : 'items'} will be deleted from all your devices. This can’t be undone.`}
          confirmLabel="Empty trash"
          onConfirm={() => actions.emptyTrash()}
          onClose={() => setConfirm(undefined)}
        />
      ) : null}
    </div>
  );
}
