// The places of the drive: My Drive and the Trash. A column beside the content on wide screens,
// a row of tabs above it on phones. My Drive also takes drops (move to the top level).
import { useState, type ReactNode } from 'react';
import { ROOT, type NodeId } from '@sheaf/shared/drive/node-id';
import type { Route } from '../app/navigation.js';
import { nodeDropTarget } from './drag.js';
import type { StorageUsageResponse } from '@sheaf/shared/protocol/storage-usage';
import { formatBytes } from './format.js';
import { CloudIcon, DriveIcon, TrashIcon } from './icons.js';

type SidebarProps = {
  readonly route: Route;
  readonly trashCount: number;
  /** Unknown until the relay first answers. */
  readonly usage: StorageUsageResponse | undefined;
  readonly go: (route: Route) => void;
  readonly onDropNode: (node: NodeId, into: NodeId) => void;
};

export function Sidebar({ route, trashCount, usage, go, onDropNode }: SidebarProps): ReactNode {
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
      {usage === undefined ? null : <StorageMeter usage={usage} />}
    </nav>
  );
}

/** Past this share of the quota the meter turns to a warning, as the big drives do. */
const NEARLY_FULL = 0.9;

function StorageMeter({ usage }: { readonly usage: StorageUsageResponse }): ReactNode {
  const share = usage.quotaBytes === 0 ? 1 : Math.min(1, usage.usedBytes / usage.quotaBytes);
  const label = `${formatBytes(usage.usedBytes)} of ${formatBytes(usage.quotaBytes)} used`;
  return (
    <div className={`storage${share >= NEARLY_FULL ? ' is-nearly-full' : ''}`} data-testid="storage-meter">
      <div className="storage-line">
        <CloudIcon size={16} />
        <span>Storage</span>
      </div>
      <div
        className="storage-bar"
        role="meter"
        aria-label="Storage used"
        aria-valuemin={0}
        aria-valuemax={usage.quotaBytes}
        aria-valuenow={Math.min(usage.usedBytes, usage.quotaBytes)}
        aria-valuetext={label}
      >
        <span className="storage-fill" style={{ width: `${Math.max(share * 100, usage.usedBytes > 0 ? 1 : 0)}%` }} />
      </div>
      <div className="storage-text">{label}</div>
    </div>
  );
}
