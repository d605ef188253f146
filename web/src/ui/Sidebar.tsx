// The places of the drive: My Drive and the Trash. A column beside the content on wide screens,
// a row of tabs above it on phones. My Drive also takes drops (move to the top level).
import { useState, type ReactNode } from 'react';
import { ROOT, type NodeId } from '@sheaf/shared/drive/node-id';
import type { Route } from '../app/navigation.js';
import { nodeDropTarget } from './drag.js';
import { DriveIcon, TrashIcon } from './icons.js';

type SidebarProps = {
  readonly route: Route;
  readonly trashCount: number;
  readonly go: (route: Route) => void;
  readonly onDropNode: (node: NodeId, into: NodeId) => void;
};

export function Sidebar({ route, trashCount, go, onDropNode }: SidebarProps): ReactNode {
  const [over, setOver] = useState(false);
  const inDrive = route.view === 'folder';
  return (
    <nav className="sidebar" aria-label="Places">
      <a
        href="#/"
        className={`nav-item${inDrive ? ' is-current' : ''}${over ? ' is-drop-target' : ''}`}
        aria-current={inDrive ? 'page' : undefined}
        onClick={(event) => {
          event.preventDefault();
          go({ view: 'folder', folder: ROOT });
        }}
        {...nodeDropTarget((id) => onDropNode(id, ROOT), setOver)}
      >
        <DriveIcon size={18} />
        <span>My Drive</span>
      </a>
      <a
        href="#/trash"
        className={`nav-item${route.view === 'trash' ? ' is-current' : ''}`}
        aria-current={route.view === 'trash' ? 'page' : undefined}
        onClick={(event) => {
          event.preventDefault();
          go({ view: 'trash' });
        }}
      >
        <TrashIcon size={18} />
        <span>Trash</span>
        {trashCount > 0 ? (
          <span className="nav-count" aria-label={`${trashCount} items`}>
            {trashCount}
          </span>
        ) : null}
      </a>
    </nav>
  );
}
