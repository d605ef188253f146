// The sync state in the top bar: synced, offline (with what waits here), syncing N items, or a
// problem in words. Read by screen readers as a status; the longer explanation is its tooltip.
import type { ReactNode } from 'react';
import { syncHint, syncLabel, type SyncStatus as Status } from '../app/sync-status.js';
import { AlertIcon } from './icons.js';

const TONE: Record<Status['kind'], string> = {
  synced: 'pill-online',
  connecting: 'pill-connecting',
  offline: 'pill-offline',
  syncing: 'pill-syncing',
  error: 'pill-error',
};

export function SyncStatus({ status }: { readonly status: Status }): ReactNode {
  const hint = syncHint(status);
  return (
    <span className={`pill sync-status ${TONE[status.kind]}`} role="status" title={hint} aria-description={hint}>
      {status.kind === 'error' ? <AlertIcon size={14} /> : <span className="pill-dot" aria-hidden="true" />}
      <span className="sync-status-label">{syncLabel(status)}</span>
    </span>
  );
}
