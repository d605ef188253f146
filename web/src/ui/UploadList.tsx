// The upload panel: a header for all uploads at once (how many, how fast, how long; pause, resume,
// cancel, retry or clear them all) over the files, each with its own progress and actions. It reads
// the queue's stores itself, so progress re-renders this panel and not the folder under it; with
// thousands of files only the ones that matter are rendered (upload-summary.ts) and the rest counted.
import { memo, useState, type ReactNode } from 'react';
import { useStore } from '../app/use-store.js';
import { summarize, visibleJobs, type UploadSummary } from '../transfer/upload-summary.js';
import type { Placement, UploadJob, UploadQueue } from '../transfer/upload-queue.js';
import { formatBytes, percent } from './format.js';
import {
  AlertIcon,
  CheckIcon,
  ChevronDownIcon,
  CloseIcon,
  FileIcon,
  PauseIcon,
  PlayIcon,
  RetryIcon,
  UploadIcon,
} from './icons.js';
import { formatSpeed, formatTimeLeft } from './transfer-format.js';

/** Rows rendered at most; the rest are counted under the list. */
const MAX_ROWS = 50;

type UploadActions = Pick<
  UploadQueue,
  | 'pause'
  | 'resume'
  | 'cancel'
  | 'retry'
  | 'dismiss'
  | 'pauseAll'
  | 'resumeAll'
  | 'cancelAll'
  | 'retryFailed'
  | 'clearFinished'
>;

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

const bytesOf = (job: UploadJob): string => `${formatBytes(job.doneBytes)} of ${formatBytes(job.totalBytes)}`;

function statusText(job: UploadJob): string {
  switch (job.state) {
    case 'queued':
      return job.doneBytes > 0 ? `Waiting · ${bytesOf(job)}` : 'Waiting';
    case 'uploading': {
      // No speed until it can be told, nor while nothing moves (a batch being read and stored).
      const speed = job.bytesPerSecond;
      if (speed === undefined || speed <= 0) return bytesOf(job);
      const left = formatTimeLeft(((job.totalBytes - job.doneBytes) / speed) * 1000);
      return `${bytesOf(job)} · ${formatSpeed(speed)} · ${left}`;
    }
    case 'paused':
      return `Paused · ${bytesOf(job)}`;
    case 'done':
      return doneText(job.placement, job.sent);
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return job.message;
  }
}

function StateIcon({ job }: { readonly job: UploadJob }): ReactNode {
  switch (job.state) {
    case 'done':
      return <CheckIcon size={18} />;
    case 'failed':
      return <AlertIcon size={18} />;
    case 'paused':
      return <PauseIcon size={18} />;
    case 'cancelled':
      return <CloseIcon size={18} />;
    default:
      return <FileIcon size={18} />;
  }
}

function IconAction({
  label,
  onClick,
  children,
}: {
  readonly label: string;
  readonly onClick: () => void;
  readonly children: ReactNode;
}): ReactNode {
  return (
    <button type="button" className="icon-button" aria-label={label} title={label.split(' ')[0]} onClick={onClick}>
      {children}
    </button>
  );
}

/** One file's row; memoised: a publish re-renders only the rows whose job changed. */
const UploadItem = memo(function UploadItem({
  job,
  actions,
}: {
  readonly job: UploadJob;
  readonly actions: UploadActions;
}): ReactNode {
  const { id, name, state } = job;
  const moving = state === 'queued' || state === 'uploading' || state === 'paused';
  // A bar for what has started; a waiting file's empty bar would only be noise in a long list.
  const bar = state === 'uploading' || (state === 'paused' && job.doneBytes > 0);
  const value = percent(job.doneBytes, job.totalBytes);
  return (
    <li className={`upload upload-${state}`} data-testid="upload-row">
      <span className="upload-icon" aria-hidden="true">
        <StateIcon job={job} />
      </span>
      <div className="upload-body">
        <div className="upload-line">
          <span className="upload-name" title={job.folderPath === '' ? name : `${job.folderPath}/${name}`}>
            {job.folderPath === '' ? null : <span className="upload-path">{job.folderPath}/</span>}
            {name}
          </span>
          <span className="upload-status">{statusText(job)}</span>
        </div>
        {bar ? (
          <div
            className="progress"
            role="progressbar"
            aria-label={`Uploading ${name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={value}
          >
            <div className="progress-bar" style={{ width: `${value}%` }} />
          </div>
        ) : null}
      </div>
      <div className="upload-actions">
        {state === 'queued' || state === 'uploading' ? (
          <IconAction label={`Pause upload of ${name}`} onClick={() => actions.pause(id)}>
            <PauseIcon size={16} />
          </IconAction>
        ) : null}
        {state === 'paused' ? (
          <IconAction label={`Resume upload of ${name}`} onClick={() => actions.resume(id)}>
            <PlayIcon size={16} />
          </IconAction>
        ) : null}
        {state === 'failed' || state === 'cancelled' ? (
          <button
            type="button"
            className="button ghost small upload-retry"
            aria-label={`Retry upload of ${name}`}
            onClick={() => actions.retry(id)}
          >
            <RetryIcon size={16} />
            Retry
          </button>
        ) : null}
        {moving ? (
          <IconAction label={`Cancel upload of ${name}`} onClick={() => actions.cancel(id)}>
            <CloseIcon size={16} />
          </IconAction>
        ) : null}
        {state === 'failed' || state === 'cancelled' ? (
          <IconAction label={`Dismiss ${name}`} onClick={() => actions.dismiss(id)}>
            <CloseIcon size={16} />
          </IconAction>
        ) : null}
      </div>
    </li>
  );
});

const files = (n: number): string => `${n.toLocaleString()} ${n === 1 ? 'file' : 'files'}`;

/** The header's two lines: what is going on, and the figures behind it. */
function headline(summary: UploadSummary, speed: number | undefined): { title: string; detail: string } {
  const { counts, total } = summary;
  const done = counts.done;
  const bytes = `${formatBytes(summary.doneBytes)} of ${formatBytes(summary.totalBytes)}`;
  if (counts.uploading + counts.queued > 0) {
    const current = Math.min(total, done + counts.failed + Math.max(1, counts.uploading));
    const parts = [bytes];
    if (speed !== undefined && speed > 0) parts.push(formatSpeed(speed));
    if (summary.timeLeftMs !== undefined) parts.push(formatTimeLeft(summary.timeLeftMs));
    else if (counts.uploading > 0) parts.push('estimating time left');
    return { title: `Uploading ${current.toLocaleString()} of ${files(total)}`, detail: parts.join(' · ') };
  }
  const tally = `${done.toLocaleString()} of ${files(total)} done`;
  if (counts.paused > 0)
    return { title: 'Uploads paused', detail: `${tally} · ${formatBytes(summary.remainingBytes)} left` };
  if (counts.failed > 0) {
    return {
      title: `${files(counts.failed)} could not be uploaded`,
      detail: tally,
    };
  }
  if (total === 0) return { title: 'Uploads cancelled', detail: files(counts.cancelled) };
  return {
    title: done === 1 ? 'Upload complete' : 'All uploads complete',
    detail: `${files(done)} · ${formatBytes(summary.totalBytes)}`,
  };
}

export function UploadList({ uploads }: { readonly uploads: UploadQueue }): ReactNode {
  const jobs = useStore(uploads.jobs);
  const speed = useStore(uploads.speed);
  const [open, setOpen] = useState(true);
  if (jobs.length === 0) return null;

  const summary = summarize(jobs, speed);
  const { counts } = summary;
  const { title, detail } = headline(summary, speed);
  const { shown, hidden } = visibleJobs(jobs, MAX_ROWS);
  const running = counts.uploading + counts.queued > 0;
  const finished = counts.done + counts.failed + counts.cancelled;
  const state = running ? 'running' : counts.paused > 0 ? 'paused' : counts.failed > 0 ? 'failed' : 'done';
  return (
    <section className={`card uploads uploads-${state}`} aria-label="Uploads">
      <div className="uploads-header">
        <span className="uploads-badge" aria-hidden="true">
          {state === 'done' ? (
            <CheckIcon size={20} />
          ) : state === 'failed' ? (
            <AlertIcon size={20} />
          ) : state === 'paused' ? (
            <PauseIcon size={20} />
          ) : (
            <UploadIcon size={20} />
          )}
        </span>
        <div className="uploads-heading">
          <h2 className="uploads-title" data-testid="uploads-title">
            {title}
          </h2>
          <p className="uploads-detail" aria-live="off">
            {detail}
          </p>
        </div>
        <div className="uploads-actions">
          {running ? (
            <button type="button" className="button ghost small" onClick={uploads.pauseAll}>
              <PauseIcon size={16} />
              Pause all
            </button>
          ) : null}
          {counts.paused > 0 ? (
            <button type="button" className="button ghost small" onClick={uploads.resumeAll}>
              <PlayIcon size={16} />
              Resume all
            </button>
          ) : null}
          {counts.failed > 1 || (counts.failed > 0 && !running) ? (
            <button type="button" className="button ghost small" onClick={uploads.retryFailed}>
              <RetryIcon size={16} />
              Retry all
            </button>
          ) : null}
          {running || counts.paused > 0 ? (
            <button type="button" className="button danger-ghost small" onClick={uploads.cancelAll}>
              Cancel all
            </button>
          ) : null}
          {finished > 0 ? (
            <button type="button" className="button ghost small" onClick={uploads.clearFinished}>
              Clear finished
            </button>
          ) : null}
          <button
            type="button"
            className={`icon-button uploads-toggle${open ? ' is-open' : ''}`}
            aria-expanded={open}
            aria-controls="upload-list"
            aria-label={open ? 'Hide the list of uploads' : 'Show the list of uploads'}
            onClick={() => setOpen((was) => !was)}
          >
            <ChevronDownIcon size={18} />
          </button>
        </div>
      </div>
      {state === 'done' ? null : (
        <div
          className="progress uploads-progress"
          role="progressbar"
          aria-label="All uploads"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent(summary.doneBytes, summary.totalBytes)}
        >
          <div className="progress-bar" style={{ width: `${percent(summary.doneBytes, summary.totalBytes)}%` }} />
        </div>
      )}
      {open ? (
        <>
          <ul className="upload-list" id="upload-list">
            {shown.map((job) => (
              <UploadItem key={job.id} job={job} actions={uploads} />
            ))}
          </ul>
          {hidden > 0 ? (
            <p className="uploads-more">
              and {files(hidden)} more
              {counts.queued > 0 ? ` · ${counts.queued.toLocaleString()} waiting` : ''}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
