// The drive's files as a table: name, size, when and from which device each was added, and a
// download button per row. Renders download progress and errors it is given.
import type { ReactNode } from 'react';
import type { FileEntry } from '@sheaf/shared/drive/drive-doc';
import type { FileId } from '@sheaf/shared/ids';
import type { DownloadState } from '../transfer/download-queue.js';
import { formatBytes, formatLongDate, formatShortDate, percent } from './format.js';
import { AlertIcon, DownloadIcon, FileIcon, ImageIcon } from './icons.js';

type FileTableProps = {
  readonly files: readonly FileEntry[];
  readonly downloads: ReadonlyMap<FileId, DownloadState>;
  readonly onDownload: (entry: FileEntry) => void;
  readonly now: number;
};

function DownloadCell({
  entry,
  state,
  onDownload,
}: {
  readonly entry: FileEntry;
  readonly state: DownloadState | undefined;
  readonly onDownload: () => void;
}): ReactNode {
  if (state?.state === 'downloading') {
    const value = percent(state.doneBytes, state.totalBytes);
    return (
      <span
        className="download-progress"
        role="progressbar"
        aria-label={`Downloading ${entry.name}`}
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
      aria-label={`Download ${entry.name}`}
      title={state?.state === 'failed' ? 'Try the download again' : 'Download'}
      onClick={onDownload}
    >
      <DownloadIcon size={18} />
    </button>
  );
}

export function FileTable({ files, downloads, onDownload, now }: FileTableProps): ReactNode {
  return (
    <div className="card table-card">
      <table className="files">
        <caption className="visually-hidden">Files in My Drive</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="col-size">
              Size
            </th>
            <th scope="col" className="col-date">
              Added
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
          {files.map((entry) => {
            const state = downloads.get(entry.id);
            return (
              <tr key={entry.id} data-testid="file-row">
                <td className="col-name">
                  <span className="file-name">
                    <span className="file-icon" aria-hidden="true">
                      {entry.mediaType.startsWith('image/') ? <ImageIcon size={18} /> : <FileIcon size={18} />}
                    </span>
                    <span className="file-text">
                      <span className="file-title" title={entry.name}>
                        {entry.name}
                      </span>
                      <span className="file-meta-narrow">
                        {formatBytes(entry.size)} · {entry.deviceName}
                      </span>
                      {state?.state === 'failed' ? (
                        <span className="file-error" role="alert">
                          <AlertIcon size={14} /> {state.message}
                        </span>
                      ) : null}
                    </span>
                  </span>
                </td>
                <td className="col-size">{formatBytes(entry.size)}</td>
                <td className="col-date">
                  <time dateTime={new Date(entry.createdAt).toISOString()} title={formatLongDate(entry.createdAt)}>
                    {formatShortDate(entry.createdAt, now)}
                  </time>
                </td>
                <td className="col-device">{entry.deviceName}</td>
                <td className="col-action">
                  <DownloadCell entry={entry} state={state} onDownload={() => onDownload(entry)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
