// A folder's items as a table, folders first, with the "new folder" row while one is being named.
import type { ReactNode } from 'react';
import type { DriveTree, TreeNode } from '@sheaf/shared/drive/drive-tree';
import type { NodeId } from '@sheaf/shared/drive/node-id';
import type { DownloadState } from '../transfer/download-queue.js';
import { FileRow, type RowActions } from './FileRow.js';
import { FolderIcon } from './icons.js';
import { NameInput } from './NameInput.js';

type FileListProps = {
  readonly tree: DriveTree;
  readonly items: readonly TreeNode[];
  readonly caption: string;
  readonly selected: NodeId | undefined;
  readonly editing: NodeId | 'new' | undefined;
  readonly downloads: ReadonlyMap<string, DownloadState>;
  readonly now: number;
  readonly actions: RowActions;
  readonly newFolder: {
    readonly create: (name: string) => string | undefined;
    readonly cancel: () => void;
    readonly error: (message: string) => void;
  };
};

/** Folders first, then files; by name as people sort (numbers in order, case ignored). */
export function sortItems(items: readonly TreeNode[]): TreeNode[] {
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  return [...items].sort((a, b) =>
    a.kind === b.kind ? collator.compare(a.name, b.name) || (a.name < b.name ? -1 : 1) : a.kind === 'folder' ? -1 : 1,
  );
}

export function FileList(props: FileListProps): ReactNode {
  const { tree, items, caption, selected, editing, downloads, now, actions, newFolder } = props;
  return (
    <div className="card table-card">
      <table className="files">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="col-size">
              Size
            </th>
            <th scope="col" className="col-date">
              Modified
            </th>
            <th scope="col" className="col-device">
              Device
            </th>
            <th scope="col" className="col-action">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {editing === 'new' ? (
            <tr className="file-row is-new">
              <td className="col-name" colSpan={5}>
                <span className="file-name">
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
                </span>
              </td>
            </tr>
          ) : null}
          {items.map((node) => (
            <FileRow
              key={node.id}
              node={node}
              itemCount={node.kind === 'folder' ? tree.children(node.id).length : 0}
              selected={selected === node.id}
              editing={editing === node.id}
              download={downloads.get(node.id)}
              now={now}
              actions={actions}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
