// The uploads of this session with their progress; finished ones can be cleared.
import type { ReactNode } from 'react';
import type { Placement, UploadJob } from '../transfer/upload-queue.js';
import { formatBytes, percent } from './format.js';
import { AlertIcon, CheckIcon, CloseIcon, FileIcon } from './icons.js';

function doneText(placement: Placement, sent: boolean): string {
  const what =
    placement === 'version'
      ? 'Uploaded as a new version'
      : placement === 'unchanged'
        ? 'Uploaded, unchanged'
        : 'Uploaded';
  // Offline the bytes are safe on this device and reach the relay (and other devices) later.
  return sent ? what : `${what} · sends when online`;
}

function statusText(job: UploadJob): string {
  switch (job.state) {
    case 'queued':
      return 'Waiting…';
    case 'uploading':
      return `${formatBytes(job.doneBytes)} of ${formatBytes(job.totalBytes)}`;
    case 'done':
      return doneText(job.placement, job.sent);
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return job.message;
  }
}

function UploadItem({ job, onCancel }: { readonly job: UploadJob; readonly onCancel: () => void }): ReactNode {
  const active = job.state === 'queued' || job.state === 'uploading';
  const value = percent(job.doneBytes, job.totalBytes);
  return (
    <li className={`upload upload-${job.state}`}>
      <span className="upload-icon" aria-hidden="true">
        {job.state === 'done' ? (
          <CheckIcon size={18} />
        ) : job.state === 'failed' ? (
          <AlertIcon size={18} />
        ) : (
          <FileIcon size={18} />
        )}
      </span>
      <div className="upload-body">
        <div className="upload-line">
          <span className="upload-name">{job.name}</span>
          <span className="upload-status">{statusText(job)}</span>
        </div>
        {active ? (
          <div
            className="progress"
            role="progressbar"
            aria-label={`Uploading ${job.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={value}
          >
            <div className="progress-bar" style={{ width: `${value}%` }} />
          </div>
        ) : null}
      </div>
      {active ? (
        <button type="button" className="icon-button" aria-label={`Cancel upload of ${job.name}`} onClick={onCancel}>
          <CloseIcon size={16} />
        </button>
      ) : null}
    </li>
  );
}

type UploadListProps = {
  readonly jobs: readonly UploadJob[];
  readonly onCancel: (id: number) => void;
  readonly onClearFinished: () => void;
};

export function UploadList({ jobs, onCancel, onClearFinished }: UploadListProps): ReactNode {
  if (jobs.length === 0) return null;
  const anyFinished = jobs.some((job) => job.state !== 'queued' && job.state !== 'uploading');
  return (
    <section className="card uploads" aria-labelledby="uploads-title">
      <div className="card-header">
        <h2 className="card-title" id="uploads-title">
          Uploads
        </h2>
        {anyFinished ? (
          <button type="button" className="button ghost small" onClick={onClearFinished}>
            Clear finished
          </button>
        ) : null}
      </div>
      <ul className="upload-list">
        {jobs.map((job) => (
          <UploadItem key={job.id} job={job} onCancel={() => onCancel(job.id)} />
        ))}
      </ul>
    </section>
  );
}
