import { describe, expect, it } from 'vitest';
import type { UploadJob } from './upload-queue.js';
import { summarize, visibleJobs } from './upload-summary.js';

const job = (id: number, state: 'queued' | 'uploading' | 'paused' | 'cancelled', doneBytes = 0): UploadJob => ({
  id,
  name: `f${id}`,
  folderPath: '',
  doneBytes,
  totalBytes: 1000,
  bytesPerSecond: undefined,
  state,
});
const failed = (id: number): UploadJob => ({ ...job(id, 'queued'), state: 'failed', message: 'No.' });

describe('summarize', () => {
  it('counts files and bytes, leaving cancelled ones out', () => {
    const summary = summarize(
      [job(1, 'uploading', 500), job(2, 'queued'), job(3, 'paused', 200), job(4, 'cancelled', 700), failed(5)],
      100,
    );
    expect(summary.counts).toMatchObject({ uploading: 1, queued: 1, paused: 1, cancelled: 1, failed: 1, done: 0 });
    expect(summary.total).toBe(4);
    expect(summary.totalBytes).toBe(4000);
    expect(summary.doneBytes).toBe(700);
    expect(summary.remainingBytes).toBe(2300);
    // 500 + 1000 + 800 bytes left at 100 bytes a second.
    expect(summary.timeLeftMs).toBe(23_000);
  });

  it('tells no time left while nothing uploads or the speed is unknown', () => {
    expect(summarize([job(1, 'paused')], 100).timeLeftMs).toBeUndefined();
    expect(summarize([job(1, 'uploading')], undefined).timeLeftMs).toBeUndefined();
  });
});

describe('visibleJobs', () => {
  it('lists everything when there is room', () => {
    const jobs = [job(1, 'queued'), job(2, 'queued')];
    expect(visibleJobs(jobs, 5)).toEqual({ shown: jobs, hidden: 0 });
  });

  it('keeps running, failed and paused files and the next queued ones, in list order', () => {
    const jobs: UploadJob[] = [];
    for (let id = 1; id <= 1000; id++) jobs.push(id === 700 ? failed(id) : job(id, id === 3 ? 'uploading' : 'queued'));
    jobs.push(job(1001, 'paused'));
    const { shown, hidden } = visibleJobs(jobs, 5);
    expect(shown.map((j) => j.id)).toEqual([1, 2, 3, 700, 1001]);
    expect(hidden).toBe(996);
  });

  it('shows the most recently added finished files when nothing else needs the room', () => {
    const jobs = Array.from({ length: 10 }, (_, i) => job(i + 1, 'cancelled'));
    expect(visibleJobs(jobs, 3).shown.map((j) => j.id)).toEqual([8, 9, 10]);
  });
});
