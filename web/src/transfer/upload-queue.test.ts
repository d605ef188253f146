import { describe, expect, it } from 'vitest';
import { ROOT } from '@sheaf/shared/drive/node-id';
import { testContent } from '@sheaf/shared/drive/testing';
import { ChunkHash } from '@sheaf/shared/ids';
import { err, ok, type Result } from '@sheaf/shared/result';
import { SMALL_FILE_BYTES, type SmallBatchUploaded } from './small-files.js';
import type { Uploaded, UploadDeps, UploadProgress } from './upload.js';
import { createUploadQueue, PUBLISH_MS, TICK_MS, type Placement, type UploadJob } from './upload-queue.js';

/** One call of the upload function, finished by the test. */
type Call = {
  readonly name: string;
  readonly signal: AbortSignal;
  readonly progress: (doneBytes: number) => void;
  readonly finish: (result: Result<Uploaded, string>) => void;
  finished: boolean;
};

const uploaded: Uploaded = { content: testContent(1), sha256: ChunkHash.parse('a'.repeat(64)), sent: true };

/** Lets the queue's awaits run. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function harness(options: { parallel?: number; place?: () => Result<Placement, string> } = {}) {
  const calls: Call[] = [];
  const placed: string[] = [];
  let now = 0;
  const timers: Array<{ at: number; run: () => void; live: boolean }> = [];
  const queue = createUploadQueue({
    // The upload function is the test's own: these are never reached.
    ...({} as UploadDeps),
    upload: (file, _deps, onProgress, signal) =>
      new Promise((resolve) => {
        const progress = (doneBytes: number): void =>
          onProgress({ doneBytes, hashedBytes: doneBytes, totalBytes: file.size } satisfies UploadProgress);
        const call: Call = {
          name: file.name,
          signal,
          progress,
          finish: (result) => {
            call.finished = true;
            resolve(result);
          },
          finished: false,
        };
        calls.push(call);
        signal.addEventListener('abort', () => call.finish(err('Cancelled.')));
      }),
    place: (_folder, name) => {
      placed.push(name);
      return options.place?.() ?? ok('created');
    },
    onOwed: () => undefined,
    parallelFiles: options.parallel ?? 1,
    now: () => now,
    setTimer: (run, ms) => {
      const timer = { at: now + ms, run, live: true };
      timers.push(timer);
      return () => {
        timer.live = false;
      };
    },
  });
  const advance = (ms: number): void => {
    now += ms;
    for (const timer of timers.filter((t) => t.live && t.at <= now)) {
      timer.live = false;
      timer.run();
    }
  };
  const file = (name: string, size = 1000): File => new File([new Uint8Array(size)], name);
  const job = (name: string): UploadJob | undefined => queue.jobs.get().find((j) => j.name === name);
  const states = (): string[] => queue.jobs.get().map((j) => `${j.name}:${j.state}`);
  const running = (): string[] => calls.filter((c) => !c.finished).map((c) => c.name);
  return { queue, calls, placed, advance, file, job, states, running };
}

describe('upload queue', () => {
  it('uploads files in the order added, a lane at a time, and places each', async () => {
    const h = harness();
    h.queue.add([h.file('a'), h.file('b')], ROOT);
    expect(h.states()).toEqual(['a:uploading', 'b:queued']);
    h.calls[0]?.finish(ok(uploaded));
    await settle();
    expect(h.calls.map((c) => c.name)).toEqual(['a', 'b']);
    h.calls[1]?.finish(ok(uploaded));
    await settle();
    h.advance(PUBLISH_MS);
    expect(h.states()).toEqual(['a:done', 'b:done']);
    expect(h.placed).toEqual(['a', 'b']);
    expect(h.job('b')).toMatchObject({ doneBytes: 1000, placement: 'created' });
  });

  it('runs as many files at once as it has lanes', () => {
    const h = harness({ parallel: 2 });
    h.queue.add([h.file('a'), h.file('b'), h.file('c')], ROOT);
    expect(h.running()).toEqual(['a', 'b']);
  });

  it('keeps a paused file in its place: resumed, it runs before files added after it', async () => {
    const h = harness();
    h.queue.add([h.file('a'), h.file('b'), h.file('c'), h.file('d')], ROOT);
    h.queue.pause(h.job('b')?.id ?? 0);
    expect(h.job('b')?.state).toBe('paused');
    h.calls[0]?.finish(ok(uploaded));
    await settle();
    expect(h.calls.map((c) => c.name)).toEqual(['a', 'c']);
    h.queue.resume(h.job('b')?.id ?? 0);
    expect(h.job('b')?.state).toBe('queued');
    h.calls[1]?.finish(ok(uploaded));
    await settle();
    expect(h.calls.map((c) => c.name)).toEqual(['a', 'c', 'b']);
  });

  it('pauses a running file at once, stops its attempt, and runs it again on resume without losing progress', async () => {
    const h = harness();
    h.queue.add([h.file('a'), h.file('b')], ROOT);
    h.calls[0]?.progress(600);
    h.queue.pause(h.job('a')?.id ?? 0);
    expect(h.job('a')).toMatchObject({ state: 'paused', doneBytes: 600 });
    expect(h.calls[0]?.signal.aborted).toBe(true);
    await settle();
    // The stopped attempt's answer ("Cancelled.") does not make the paused file fail.
    expect(h.job('a')?.state).toBe('paused');
    expect(h.running()).toEqual(['b']);

    h.queue.resume(h.job('a')?.id ?? 0);
    h.calls[1]?.finish(ok(uploaded));
    await settle();
    expect(h.running()).toEqual(['a']);
    // Chunks the relay already holds are counted again from zero: the bar does not go back.
    h.calls[2]?.progress(300);
    h.advance(PUBLISH_MS);
    expect(h.job('a')).toMatchObject({ state: 'uploading', doneBytes: 600 });
    h.calls[2]?.finish(ok(uploaded));
    await settle();
    h.advance(PUBLISH_MS);
    expect(h.states()).toEqual(['a:done', 'b:done']);
  });

  it('ignores progress from a stopped attempt', async () => {
    const h = harness();
    h.queue.add([h.file('a')], ROOT);
    const first = h.calls[0];
    h.queue.pause(h.job('a')?.id ?? 0);
    h.queue.resume(h.job('a')?.id ?? 0);
    await settle();
    first?.progress(900);
    h.advance(PUBLISH_MS);
    expect(h.job('a')?.doneBytes).toBe(0);
  });

  it('cancels a running or waiting file; a cancelled file is never placed', async () => {
    const h = harness();
    h.queue.add([h.file('a'), h.file('b'), h.file('c')], ROOT);
    h.queue.cancel(h.job('a')?.id ?? 0);
    h.queue.cancel(h.job('b')?.id ?? 0);
    expect(h.states()).toEqual(['a:cancelled', 'b:cancelled', 'c:queued']);
    await settle();
    expect(h.running()).toEqual(['c']);
    expect(h.job('a')?.state).toBe('cancelled');
    expect(h.placed).toEqual([]);
  });

  it('says why a file failed, and retries it', async () => {
    const h = harness();
    h.queue.add([h.file('a')], ROOT);
    h.calls[0]?.finish(err('Your storage is full.'));
    await settle();
    h.advance(PUBLISH_MS);
    expect(h.job('a')).toMatchObject({ state: 'failed', message: 'Your storage is full.' });
    h.queue.retry(h.job('a')?.id ?? 0);
    expect(h.job('a')?.state).toBe('uploading');
    h.calls[1]?.finish(ok(uploaded));
    await settle();
    h.advance(PUBLISH_MS);
    expect(h.job('a')?.state).toBe('done');
  });

  it('fails a file the drive refused to place, with the drive’s reason', async () => {
    const h = harness({ place: () => err('That folder no longer exists.') });
    h.queue.add([h.file('a')], ROOT);
    h.calls[0]?.finish(ok(uploaded));
    await settle();
    h.advance(PUBLISH_MS);
    expect(h.job('a')).toMatchObject({ state: 'failed', message: 'That folder no longer exists.' });
  });

  it('pauses, resumes, cancels and retries everything at once', async () => {
    const h = harness();
    h.queue.add([h.file('a'), h.file('b'), h.file('c')], ROOT);
    h.queue.pauseAll();
    expect(h.states()).toEqual(['a:paused', 'b:paused', 'c:paused']);
    await settle();
    expect(h.running()).toEqual([]);
    h.queue.resumeAll();
    expect(h.states()).toEqual(['a:uploading', 'b:queued', 'c:queued']);
    h.calls[1]?.finish(err('The relay refused the file.'));
    await settle();
    h.queue.cancelAll();
    expect(h.states()).toEqual(['a:failed', 'b:cancelled', 'c:cancelled']);
    h.queue.retryFailed();
    expect(h.states()).toEqual(['a:queued', 'b:cancelled', 'c:cancelled']);
    // The lane b ran in takes it once b's stopped attempt has returned.
    await settle();
    h.advance(PUBLISH_MS);
    expect(h.states()).toEqual(['a:uploading', 'b:cancelled', 'c:cancelled']);
  });

  it('clears what is finished and keeps what is not', async () => {
    const h = harness();
    h.queue.add([h.file('a'), h.file('b'), h.file('c'), h.file('d')], ROOT);
    h.calls[0]?.finish(ok(uploaded));
    await settle();
    h.calls[1]?.finish(err('No.'));
    await settle();
    h.queue.cancel(h.job('c')?.id ?? 0);
    h.queue.dismiss(h.job('d')?.id ?? 0);
    h.queue.dismiss(h.job('c')?.id ?? 0);
    expect(h.states().map((s) => s.split(':')[0])).toEqual(['a', 'b', 'd']);
    h.queue.clearFinished();
    expect(h.states().map((s) => s.split(':')[0])).toEqual(['d']);
  });

  it('publishes progress at most every PUBLISH_MS, with speeds, and what a user does at once', () => {
    const h = harness();
    h.queue.add([h.file('a', 10_000_000)], ROOT);
    const before = h.queue.jobs.get();
    h.calls[0]?.progress(1_000_000);
    expect(h.queue.jobs.get()).toBe(before);
    for (let second = 1; second <= 4; second++) {
      h.advance(TICK_MS);
      h.calls[0]?.progress(1_000_000 + second * 2_000_000);
    }
    h.advance(PUBLISH_MS);
    expect(h.job('a')?.doneBytes).toBe(9_000_000);
    expect(h.job('a')?.bytesPerSecond).toBeCloseTo(2_000_000, -5);
    expect(h.queue.speed.get()).toBeCloseTo(2_000_000, -5);
    h.queue.pause(h.job('a')?.id ?? 0);
    expect(h.job('a')?.state).toBe('paused');
    expect(h.job('a')?.bytesPerSecond).toBeUndefined();
    expect(h.queue.speed.get()).toBeUndefined();
  });

  it('runs a cancelled file again in its place when retried', async () => {
    const h = harness();
    h.queue.add([h.file('a'), h.file('b'), h.file('c')], ROOT);
    h.queue.cancel(h.job('b')?.id ?? 0);
    h.queue.retry(h.job('b')?.id ?? 0);
    h.calls[0]?.finish(ok(uploaded));
    await settle();
    expect(h.calls.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('takes thousands of files and whole-list actions in one publish each', () => {
    const h = harness();
    let publishes = 0;
    h.queue.jobs.subscribe(() => publishes++);
    h.queue.add(
      Array.from({ length: 10_000 }, (_, i) => h.file(`f${i}`, 10)),
      ROOT,
    );
    h.queue.pauseAll();
    h.queue.resumeAll();
    h.queue.cancelAll();
    expect(publishes).toBe(4);
    expect(h.queue.jobs.get().filter((j) => j.state === 'cancelled')).toHaveLength(10_000);
  });

  it('keeps the folder each file goes in', () => {
    const h = harness();
    h.queue.addItems([{ file: h.file('a.jpg'), folder: ROOT, folderPath: 'Trip/day1' }]);
    expect(h.job('a.jpg')?.folderPath).toBe('Trip/day1');
  });

  it('stops everything on close', () => {
    const h = harness();
    h.queue.add([h.file('a'), h.file('b')], ROOT);
    h.queue.close();
    expect(h.calls[0]?.signal.aborted).toBe(true);
    h.queue.add([h.file('c')], ROOT);
    expect(h.calls).toHaveLength(1);
  });
});

describe('upload queue, small files', () => {
  /** One batch handed to the small-file lane, finished by the test. */
  type Batch = {
    readonly names: string[];
    readonly signal: AbortSignal;
    readonly safe: (indexes: readonly number[]) => void;
    readonly finish: (result: Result<SmallBatchUploaded, string>) => void;
  };

  function smallHarness(options: { place?: (n: number) => Result<Placement, string>; batches?: number } = {}) {
    const batches: Batch[] = [];
    const placements: string[][] = [];
    const bigs: string[] = [];
    const timers: Array<{ run: () => void; live: boolean }> = [];
    let owed = 0;
    const queue = createUploadQueue({
      ...({} as UploadDeps),
      upload: (file) => {
        bigs.push(file.name);
        return new Promise(() => undefined);
      },
      place: () => ok('created'),
      smallFiles: {
        upload: (files, safe, signal) =>
          new Promise((resolve) => {
            batches.push({ names: files.map((f) => f.name), signal, safe, finish: resolve });
          }),
        place: (uploads) => {
          placements.push(uploads.map((u) => u.name));
          return ok(uploads.map((_, i) => options.place?.(i) ?? ok('created')));
        },
        batches: options.batches ?? 1,
        batchFiles: 3,
        batchBytes: 10_000,
      },
      onOwed: () => owed++,
      now: () => 0,
      setTimer: (run) => {
        const timer = { run, live: true };
        timers.push(timer);
        return () => {
          timer.live = false;
        };
      },
    });
    /** Runs the timers set so far, once: what the page would show after them. */
    const shown = (): readonly UploadJob[] => {
      for (const timer of timers.splice(0)) if (timer.live) timer.run();
      return queue.jobs.get();
    };
    const file = (name: string, size = 1000): File => new File([new Uint8Array(size)], name);
    const job = (name: string): UploadJob | undefined => shown().find((j) => j.name === name);
    const states = (): string[] => shown().map((j) => `${j.name}:${j.state}`);
    const answer = (names: readonly string[], sent = true): SmallBatchUploaded =>
      names.map(() => ok({ ...uploaded, sent }));
    return { queue, batches, placements, bigs, file, job, states, answer, owed: () => owed };
  }

  it('gathers small files into batches by count and bytes, and large files go alone beside them', () => {
    const h = smallHarness({ batches: 3 });
    const big = h.file('big', SMALL_FILE_BYTES + 1);
    h.queue.add(
      [h.file('a'), big, h.file('b'), h.file('c'), h.file('d', 1_500), h.file('e', 9_000), h.file('f')],
      ROOT,
    );
    expect(h.batches.map((b) => b.names)).toEqual([['a', 'b', 'c'], ['d'], ['e', 'f']]);
    expect(h.bigs).toEqual(['big']);
  });

  it('places each batch in one call and marks its files done', async () => {
    const h = smallHarness();
    h.queue.add([h.file('a'), h.file('b'), h.file('c'), h.file('d')], ROOT);
    const first = h.batches[0];
    first?.safe([0, 1, 2]);
    expect(h.job('a')).toMatchObject({ state: 'uploading', doneBytes: 1000 });
    first?.finish(ok(h.answer(first.names, false)));
    await settle();
    expect(h.placements).toEqual([['a', 'b', 'c']]);
    expect(h.owed()).toBe(1);
    expect(h.states()).toEqual(['a:done', 'b:done', 'c:done', 'd:uploading']);
    expect(h.batches[1]?.names).toEqual(['d']);
  });

  it('marks every file of a failed batch failed with its message, and Retry runs them again', async () => {
    const h = smallHarness();
    h.queue.add([h.file('a'), h.file('b')], ROOT);
    h.batches[0]?.finish(err('Your drive is full.'));
    await settle();
    expect(h.job('a')).toMatchObject({ state: 'failed', message: 'Your drive is full.' });
    expect(h.job('b')).toMatchObject({ state: 'failed', message: 'Your drive is full.' });
    expect(h.placements).toEqual([]);
    h.queue.retryFailed();
    expect(h.batches[1]?.names).toEqual(['a', 'b']);
    h.batches[1]?.finish(ok(h.answer(['a', 'b'])));
    await settle();
    expect(h.states()).toEqual(['a:done', 'b:done']);
  });

  it('fails only the files whose own answer or placement failed', async () => {
    const h = smallHarness({ place: (i) => (i === 1 ? err('bad name') : ok('created')) });
    h.queue.add([h.file('a'), h.file('b'), h.file('c')], ROOT);
    h.batches[0]?.finish(ok([ok(uploaded), err('Could not read this file.'), ok(uploaded)]));
    await settle();
    expect(h.placements).toEqual([['a', 'c']]);
    expect(h.states()).toEqual(['a:done', 'b:failed', 'c:failed']);
    expect(h.job('c')).toMatchObject({ message: 'bad name' });
  });

  it('drops a paused or cancelled file from its running batch, which stops only once all of it stopped', async () => {
    const h = smallHarness();
    h.queue.add([h.file('a'), h.file('b'), h.file('c')], ROOT);
    const batch = h.batches[0];
    h.queue.pause(h.job('a')?.id ?? 0);
    h.queue.cancel(h.job('b')?.id ?? 0);
    expect(h.states()).toEqual(['a:paused', 'b:cancelled', 'c:uploading']);
    expect(batch?.signal.aborted).toBe(false);
    batch?.finish(ok(h.answer(['a', 'b', 'c'])));
    await settle();
    expect(h.placements).toEqual([['c']]);
    h.queue.resume(h.job('a')?.id ?? 0);
    expect(h.batches[1]?.names).toEqual(['a']);
    h.queue.cancel(h.job('a')?.id ?? 0);
    expect(h.batches[1]?.signal.aborted).toBe(true);
  });
});
