// A file's versions, newest first: who saved each, from which device and when; download any of
// them, restore one (it becomes the newest, nothing in between is lost), or compare two.
import { useState, type ReactNode } from 'react';
import type { TreeNode, VersionEntry } from '@sheaf/shared/drive/drive-tree';
import type { OpId } from '@sheaf/shared/drive/op-id';
import type { DriveActions } from '../app/drive-actions.js';
import type { Downloads, DownloadState } from '../transfer/download-queue.js';
import { Dialog } from './Dialog.js';
import { formatBytes, formatLongDate, formatRelative, formatShortDate } from './format.js';
import { AlertIcon, ArrowLeftIcon, CompareIcon, DownloadIcon, RestoreIcon } from './icons.js';
import { VersionCompare } from './VersionCompare.js';

type VersionsDialogProps = {
  readonly node: TreeNode;
  readonly downloads: Downloads;
  readonly downloadStates: ReadonlyMap<string, DownloadState>;
  readonly actions: DriveActions;
  readonly authorName: (userId: string) => string;
  readonly now: number;
  readonly onClose: () => void;
};

export const versionKey = (node: TreeNode, version: VersionEntry): string => `${node.id}@${version.op}`;

/** The name a downloaded old version gets: "notes (2026-11-25 14.02).txt", so it never overwrites the current one. */
function versionFileName(name: string, at: number): string {
  const d = new Date(at);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}.${pad(d.getMinutes())}`;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${stamp})${name.slice(dot)}` : `${name} (${stamp})`;
}

export function VersionsDialog(props: VersionsDialogProps): ReactNode {
  const { node, downloads, downloadStates, actions, authorName, now, onClose } = props;
  const [picked, setPicked] = useState<readonly OpId[]>([]);
  const [comparing, setComparing] = useState(false);
  const newestFirst = [...node.versions].reverse();
  const current = newestFirst[0];

  const toggle = (op: OpId): void =>
    setPicked((was) => (was.includes(op) ? was.filter((p) => p !== op) : [...was, op].slice(-2)));

  // Compare in time order whatever order they were picked in.
  const pair = node.versions.filter((v) => picked.includes(v.op));
  const [older, newer] = pair;

  if (comparing && older !== undefined && newer !== undefined) {
    return (
      <Dialog title={`Compare versions of “${node.name}”`} onClose={onClose} size="large">
        <div className="compare-head">
          <button type="button" className="button ghost small" onClick={() => setComparing(false)}>
            <ArrowLeftIcon size={16} />
            <span>All versions</span>
          </button>
          <span className="compare-range">
            {formatLongDate(older.at)} → {formatLongDate(newer.at)}
          </span>
        </div>
        <VersionCompare name={node.name} older={older} newer={newer} read={downloads.read} authorName={authorName} />
      </Dialog>
    );
  }

  return (
    <Dialog
      title={`Versions of “${node.name}”`}
      onClose={onClose}
      size="large"
      footer={
        <>
          <span className="dialog-hint">
            {picked.length === 2 ? 'Two versions selected' : 'Select two versions to compare'}
          </span>
          <button
            type="button"
            className="button secondary"
            disabled={picked.length !== 2}
            onClick={() => setComparing(true)}
          >
            <CompareIcon size={18} />
            <span>Compare</span>
          </button>
        </>
      }
    >
      <ol className="versions" aria-label="Versions, newest first">
        {newestFirst.map((version, index) => {
          const key = versionKey(node, version);
          const state = downloadStates.get(key);
          const number = newestFirst.length - index;
          const label = `version ${number} from ${formatLongDate(version.at)}`;
          return (
            <li key={version.op} className="version" data-testid="version">
              <input
                type="checkbox"
                className="checkbox"
                aria-label={`Select ${label} to compare`}
                checked={picked.includes(version.op)}
                onChange={() => toggle(version.op)}
              />
              <div className="version-body">
                <div className="version-line">
                  <time
                    className="version-time"
                    dateTime={new Date(version.at).toISOString()}
                    title={formatLongDate(version.at)}
                  >
                    {formatShortDate(version.at, now)} · {formatRelative(version.at, now)}
                  </time>
                  {version === current ? <span className="badge badge-accent">Current</span> : null}
                  <span className="version-number">v{number}</span>
                </div>
                <div className="version-meta">
                  {authorName(version.by)} · {version.device} · {formatBytes(version.content.size)}
                </div>
                {state?.state === 'failed' ? (
                  <div className="file-error" role="alert">
                    <AlertIcon size={14} /> {state.message}
                  </div>
                ) : null}
              </div>
              <div className="version-actions">
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Download ${label}`}
                  title="Download"
                  aria-busy={state?.state === 'downloading'}
                  onClick={() =>
                    downloads.start(
                      key,
                      version.content,
                      version === current ? node.name : versionFileName(node.name, version.at),
                    )
                  }
                >
                  <DownloadIcon size={18} />
                </button>
                {version === current ? null : (
                  <button
                    type="button"
                    className="button secondary small"
                    aria-label={`Restore ${label}`}
                    onClick={() => {
                      if (actions.restoreVersion(node.id, version.op)) setPicked([]);
                    }}
                  >
                    <RestoreIcon size={16} />
                    <span>Restore</span>
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </Dialog>
  );
}
