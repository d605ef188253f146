// What the upload panel says about all uploads at once, and which of thousands of jobs it lists:
// pure functions of the job list, so a large drop costs one pass per publish, not one row each.
import { timeLeft } from './transfer-rate.js';
import type { UploadJob, UploadState } from './upload-queue.js';

export type UploadSummary = {
  readonly counts: Readonly<Record<UploadState, number>>;
  /** Jobs not cancelled: what "12 of 40 files" counts. */
  readonly total: number;
  /** Bytes of the jobs not cancelled, and of those the bytes safe. */
  readonly totalBytes: number;
  readonly doneBytes: number;
  /** Bytes still to send of the queued, uploading and paused jobs. */
  readonly remainingBytes: number;
  /** Until the queued, uploading and paused jobs are done, at `speed`; undefined when unknown. */
  readonly timeLeftMs: number | undefined;
};

export function summarize(jobs: readonly UploadJob[], speed: number | undefined): UploadSummary {
  const counts: Record<UploadState, number> = {
    queued: 0,
    uploading: 0,
    paused: 0,
    done: 0,
    failed: 0,
    cancelled: 0,
  };
  let totalBytes = 0;
  let doneBytes = 0;
  let remaining = 0;
  for (const job of jobs) {
    counts[job.state]++;
    if (job.state === 'cancelled') continue;
    totalBytes += job.totalBytes;
    doneBytes += job.doneBytes;
    if (job.state === 'queued' || job.state === 'uploading' || job.state === 'paused') {
      remaining += job.totalBytes - job.doneBytes;
    }
  }
  return {
    counts,
    total: jobs.length - counts.cancelled,
    totalBytes,
    doneBytes,
    remainingBytes: remaining,
    timeLeftMs: counts.uploading === 0 ? undefined : timeLeft(remaining, speed),
  };
}

/** Rows worth a place when there is no room for all: what moves or needs a hand, then the newest done. */
const RANK: Readonly<Record<UploadState, number>> = {
  uploading: 0,
  failed: 1,
  paused: 2,
  queued: 3,
  done: 4,
  cancelled: 5,
};

/**
 * At most `cap` jobs to list, in the order they were added: uploading, failed, paused and the next
 * queued first, then the most recently added finished ones. The rest are counted, not rendered.
 */
export function visibleJobs(jobs: readonly UploadJob[], cap: number): { shown: UploadJob[]; hidden: number } {
  if (jobs.length <= cap) return { shown: [...jobs], hidden: 0 };
  // Buckets by rank, each in list order; finished ones are taken newest first.
  const buckets: UploadJob[][] = [[], [], [], [], [], []];
  for (const job of jobs) buckets[RANK[job.state]]?.push(job);
  const chosen: UploadJob[] = [];
  for (const [rank, bucket] of buckets.entries()) {
    const ordered = rank >= RANK.done ? bucket.reverse() : bucket;
    for (const job of ordered) {
      if (chosen.length >= cap) break;
      chosen.push(job);
    }
  }
  chosen.sort((a, b) => a.id - b.id);
  return { shown: chosen, hidden: jobs.length - chosen.length };
}
