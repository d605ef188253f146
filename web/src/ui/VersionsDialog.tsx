// A file's versions, newest first: who saved each, from which device and when; download any of
// them, restore one (it becomes the newest, nothing in between is lost), or compare two. Versions
// the drive's version history setting no longer keeps are listed as expired, with none of that.
import { useState, type ReactNode } from 'react';
import type { TreeNode, VersionEntry } from '@sheaf/shared/drive/drive-tree';
import type { OpId } from '@sheaf/shared/drive/op-id';
import type { Retention } from '@sheaf/shared/drive/retention';
import type { DriveActions } from '../app/drive-actions.js';
import { describeRetention } from '../app/retention-form.js';
import { versionRows } from '../app/version-states.js';
import type { Downloads, DownloadState } from '../transfer/download-queue.js';
import { Dialog } from './Dialog.js';
import { formatBytes, formatLongDate, formatRelative, formatShortDate } from './format.js';
import { AlertIcon, ArrowLeftIcon, CompareIcon, DownloadIcon, HistoryIcon, RestoreIcon } from './icons.js';
import { VersionCompare } from './VersionCompare.js';

type VersionsDialogProps = {
  readonly node: TreeNode;
  /** The drive's version history rule: which versions are expired. */
  readonly retention: Retention;
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

const EXPIRED_HINT = 'Removed by your version history setting: its contents are no longer kept.';

export function VersionsDialog(props: VersionsDialogProps): ReactNode {
  const { node, retention, downloads, downloadStates, actions, authorName, now, onClose } = props;
  const [wanted, setWanted] = useState<readonly OpId[]>([]);
  const [comparing, setComparing] = useState(false);
  const rows = versionRows(node.versions, retention, now);
  const expired = new Set(rows.filter((r) => r.state === 'expired').map((r) => r.version.op));
  // A version that expires while picked (the setting changed on another device) drops out.
  const picked = wanted.filter((op) => !expired.has(op));

  const toggle = (op: OpId): void =>
    setWanted((was) => (was.includes(op) ? was.filter((p) => p !== op) : [...was, op].slice(-2)));

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
      {expired.size > 0 ? (
        <p className="versions-note">
          <HistoryIcon size={16} />
          <span>
            Your version history setting keeps {describeRetention(retention)}.{' '}
            {expired.size === 1 ? 'One older version has' : `${expired.size} older versions have`} expired.
          </span>
        </p>
      ) : null}
      <ol className="versions" aria-label="Versions, newest first">
        {rows.map(({ version, number, state: versionState }) => {
          const key = versionKey(node, version);
          const state = downloadStates.get(key);
          const label = `version ${number} from ${formatLongDate(version.at)}`;
          const isCurrent = versionState === 'current';
          const isExpired = versionState === 'expired';
          return (
            <li
              key={version.op}
              className={`version${isExpired ? ' is-expired' : ''}`}
              data-testid="version"
              data-state={versionState}
              title={isExpired ? EXPIRED_HINT : undefined}
            >
              <input
                type="checkbox"
                className="checkbox"
                aria-label={isExpired ? `${label} has expired and can’t be compared` : `Select ${label} to compare`}
                disabled={isExpired}
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
                  {isCurrent ? <span className="badge badge-accent">Current</span> : null}
                  {isExpired ? (
                    <span className="badge badge-muted" title={EXPIRED_HINT}>
                      Expired
                    </span>
                  ) : null}
                  <span className="version-number">v{number}</span>
                </div>
                <div className="version-meta">
                  {authorName(version.by)} · {version.device} · {formatBytes(version.content.size)}
                </div>
                {isExpired ? <div className="version-expired">Removed by your version history setting</div> : null}
                {state?.state === 'failed' ? (
                  <div className="file-error" role="alert">
                    <AlertIcon size={14} /> {state.message}
                  </div>
                ) : null}
              </div>
              {isExpired ? null : (
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
                        isCurrent ? node.name : versionFileName(node.name, version.at),
                      )
                    }
                  >
                    <DownloadIcon size={18} />
                  </button>
                  {isCurrent ? null : (
                    <button
                      type="button"
                      className="button secondary small"
                      aria-label={`Restore ${label}`}
                      onClick={() => {
                        if (actions.restoreVersion(node.id, version.op)) setWanted([]);
                      }}
                    >
                      <RestoreIcon size={16} />
                      <span>Restore</span>
                    </button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </Dialog>
  );
}
