// The uploads of this session as a list the UI can show: files run a few at a time (one per worker
// of the chunk pool: each file is read by one worker), in the order they were added, and each can
// be paused, resumed, cancelled or retried. When a file's bytes are safe, `place` puts it in the
// drive (a new file or a new version). Small files (one chunk each, small-files.ts) take their own
// lane beside the large ones: gathered into batches that are sent and placed together, so that a
// folder of thousands is not a round trip chain and a drive change per file. Progress is published at most every PUBLISH_MS however
// many files report, so thousands of small files do not make the page re-render per chunk; what a
// user does is published at once.
import type { NodeId } from '@sheaf/shared/drive/node-id';
import type { Content } from '@sheaf/shared/drive/ops';
import type { ChunkHash } from '@sheaf/shared/ids';
import { err, type Result } from '@sheaf/shared/result';
import { createStore, type Store } from '../lib/store.js';
import { isSmallFile, SMALL_BATCH_BYTES, SMALL_BATCH_FILES, type SmallBatchUploaded } from './small-files.js';
import { addSample, bytesPerSecond, type RateWindow } from './transfer-rate.js';
import { uploadFile, type UploadDeps, type Uploaded } from './upload.js';

/** Where an upload ended up: a new file, a new version of a file of that name, or the same bytes again. */
export type Placement = 'created' | 'version' | 'unchanged';

export type UploadState = UploadJob['state'];

export type UploadJob = {
  readonly id: number;
  readonly name: string;
  /** The folder it goes in, as dropped ("Photos/2024"); '' for a file picked on its own. */
  readonly folderPath: string;
  /** Bytes safe on the relay (or, offline, here): never falls back when a paused file restarts. */
  readonly doneBytes: number;
  readonly totalBytes: number;
  /** This file's speed while it uploads, once it can be told. */
  readonly bytesPerSecond: number | undefined;
} & (
  | { readonly state: 'queued' | 'uploading' | 'paused' | 'cancelled' }
  | {
      readonly state: 'done';
      readonly placement: Placement;
      readonly sent: boolean;
      /** SHA-256 of the whole file. */
      readonly sha256: ChunkHash;
    }
  | { readonly state: 'failed'; readonly message: string }
);

export type PlaceUpload = (folder: NodeId, name: string, content: Content) => Result<Placement, string>;

export type UploadToPlace = { readonly folder: NodeId; readonly name: string; readonly content: Content };
/** Places many uploads in one drive change: one answer per upload, or why none could be placed. */
export type PlaceUploads = (
  uploads: readonly UploadToPlace[],
) => Result<ReadonlyArray<Result<Placement, string>>, string>;

/** The lane of small files: batches read, stored, sent and placed together. */
export type SmallFileLane = {
  /** Uploads one batch (`uploadSmallFiles`); `onSafe` names the files whose bytes are safe. */
  readonly upload: (
    files: readonly File[],
    onSafe: (indexes: readonly number[]) => void,
    signal: AbortSignal,
  ) => Promise<Result<SmallBatchUploaded, string>>;
  readonly place: PlaceUploads;
  /** Batches in flight at once: one is read and stored while another is sent. 3 by default. */
  readonly batches?: number;
  readonly batchFiles?: number;
  readonly batchBytes?: number;
};

/** A file to upload into `folder`; `folderPath` says where, for the list. */
export type UploadItem = { readonly file: File; readonly folder: NodeId; readonly folderPath?: string };

export type UploadQueue = {
  readonly jobs: Store<readonly UploadJob[]>;
  /** Bytes per second of all uploads together, once it can be told. */
  readonly speed: Store<number | undefined>;
  readonly add: (files: readonly File[], folder: NodeId) => void;
  readonly addItems: (items: readonly UploadItem[]) => void;
  readonly pause: (id: number) => void;
  readonly resume: (id: number) => void;
  readonly cancel: (id: number) => void;
  /** Runs a failed or cancelled upload again, in its place in the queue. */
  readonly retry: (id: number) => void;
  readonly pauseAll: () => void;
  readonly resumeAll: () => void;
  readonly cancelAll: () => void;
  readonly retryFailed: () => void;
  /** Removes one finished, failed or cancelled job from the list. */
  readonly dismiss: (id: number) => void;
  /** Removes finished, failed and cancelled jobs from the list. */
  readonly clearFinished: () => void;
  /** Cancels everything, for sign-out. */
  readonly close: () => void;
};

export type UploadQueueDeps = UploadDeps & {
  readonly place: PlaceUpload;
  /** Called when a file was saved with chunks still owed to the relay. */
  readonly onOwed: () => void;
  /** Files uploaded at once: the chunk pool's size, so that each has a worker. 1 by default. */
  readonly parallelFiles?: number;
  /** Milliseconds of a monotonic clock, for speeds. */
  readonly now: () => number;
  readonly setTimer: (run: () => void, ms: number) => () => void;
  /** Uploads one file; `uploadFile` unless a test brings its own. */
  readonly upload?: typeof uploadFile;
  /** The fast lane for small files; without it every file goes through `upload`. */
  readonly smallFiles?: SmallFileLane;
};

/** Progress reaches the page at most this often. */
export const PUBLISH_MS = 100;
/** While anything uploads the list is published this often even without progress: speeds decay. */
export const TICK_MS = 1_000;

const active = (state: UploadState): boolean => state === 'queued' || state === 'uploading';
const finished = (state: UploadState): boolean => state === 'done' || state === 'failed' || state === 'cancelled';

/** What every state of a job carries. */
const progressOf = ({ id, name, folderPath, doneBytes, totalBytes, bytesPerSecond }: UploadJob) => ({
  id,
  name,
  folderPath,
  doneBytes,
  totalBytes,
  bytesPerSecond,
});

type Entry = {
  job: UploadJob;
  readonly file: File;
  readonly folder: NodeId;
  /** Goes in the small-file lane. */
  readonly small: boolean;
  /** The running attempt's controller; a result from any other attempt is ignored. */
  controller: AbortController | undefined;
  /** The most bytes ever reported safe: a restart counts only progress past it. */
  high: number;
  samples: RateWindow;
};

export function createUploadQueue(deps: UploadQueueDeps): UploadQueue {
  const upload = deps.upload ?? uploadFile;
  const jobs = createStore<readonly UploadJob[]>([]);
  const speed = createStore<number | undefined>(undefined);
  const entries = new Map<number, Entry>();
  /** Ids waiting to run (queued) or held (paused), in the order they were added. */
  const pending: number[] = [];
  /** The same for the small-file lane. */
  let pendingSmall: number[] = [];
  let nextId = 1;
  let lanes = 0;
  let smallLanes = 0;
  const small = deps.smallFiles;
  const smallBatches = Math.max(1, small?.batches ?? 3);
  let closed = false;
  const parallelFiles = Math.max(1, deps.parallelFiles ?? 1);
  /** Bytes that became safe for the first time, all files together, for the overall speed. */
  let progressed = 0;
  let overall: RateWindow = [];
  let publishTimer: (() => void) | undefined;
  let tickTimer: (() => void) | undefined;

  const publish = (): void => {
    publishTimer?.();
    publishTimer = undefined;
    const now = deps.now();
    let uploading = false;
    const list: UploadJob[] = [];
    for (const entry of entries.values()) {
      if (entry.job.state === 'uploading') {
        uploading = true;
        entry.job = { ...entry.job, bytesPerSecond: bytesPerSecond(entry.samples, now) };
      } else if (entry.job.bytesPerSecond !== undefined) entry.job = { ...entry.job, bytesPerSecond: undefined };
      list.push(entry.job);
    }
    jobs.set(list);
    speed.set(uploading ? bytesPerSecond(overall, now) : undefined);
    if (uploading && tickTimer === undefined && !closed) {
      tickTimer = deps.setTimer(() => {
        tickTimer = undefined;
        publish();
      }, TICK_MS);
    }
  };
  const publishSoon = (): void => {
    if (publishTimer === undefined && !closed) publishTimer = deps.setTimer(publish, PUBLISH_MS);
  };
  /** Moves a job to a state that carries nothing more than progress. */
  const set = (entry: Entry, state: 'queued' | 'uploading' | 'paused' | 'cancelled'): void => {
    entry.job = { ...progressOf(entry.job), state };
  };
  const fail = (entry: Entry, message: string): void => {
    entry.job = { ...progressOf(entry.job), state: 'failed', message };
  };

  /**
   * Puts an id back among the pending in the order of ids, which is the order of adding. An id
   * still there (cancelled, not yet passed over) keeps its place.
   */
  const putBack = (id: number): void => {
    const list = entries.get(id)?.small === true ? pendingSmall : pending;
    if (list.includes(id)) return;
    let at = list.length;
    while (at > 0 && (list[at - 1] ?? 0) > id) at--;
    list.splice(at, 0, id);
  };
  /** The first queued job; paused ones keep their places, and others met on the way are let go. */
  const takeNext = (): Entry | undefined => {
    for (let at = 0; at < pending.length;) {
      const entry = entries.get(pending[at] ?? 0);
      if (entry?.job.state === 'paused') at++;
      else if (entry?.job.state !== 'queued') pending.splice(at, 1);
      else {
        pending.splice(at, 1);
        return entry;
      }
    }
    return undefined;
  };

  /**
   * The next queued small files, in order, up to a batch's count and bytes (at least one). One pass
   * over the list, which is rebuilt rather than spliced: thousands of files stay linear.
   */
  const takeBatch = (files: number, bytes: number): Entry[] => {
    const batch: Entry[] = [];
    let size = 0;
    const kept: number[] = [];
    for (const [at, id] of pendingSmall.entries()) {
      const entry = entries.get(id);
      if (entry?.job.state === 'paused') kept.push(id);
      if (entry?.job.state !== 'queued') continue;
      // Full at the first file that does not fit, so that files go in the order they were added;
      // the rest is kept as it is, to be sorted out by later batches.
      if (batch.length >= files || (batch.length > 0 && size + entry.file.size > bytes)) {
        pendingSmall = kept.concat(pendingSmall.slice(at));
        return batch;
      }
      batch.push(entry);
      size += entry.file.size;
    }
    pendingSmall = kept;
    return batch;
  };

  /** Starts an attempt of `entry`: its own controller, so that it can be paused or cancelled alone. */
  const begin = (entry: Entry): AbortController => {
    const controller = new AbortController();
    entry.controller = controller;
    entry.samples = [];
    set(entry, 'uploading');
    return controller;
  };
  /** Counts progress of an attempt; ignored once that attempt was stopped. */
  const progress = (entry: Entry, controller: AbortController, doneBytes: number): void => {
    if (entry.controller !== controller) return;
    const now = deps.now();
    if (doneBytes > entry.high) {
      progressed += doneBytes - entry.high;
      overall = addSample(overall, now, progressed);
      entry.high = doneBytes;
      entry.job = { ...entry.job, doneBytes };
    }
    entry.samples = addSample(entry.samples, now, entry.high);
    publishSoon();
  };
  const succeed = (entry: Entry, placement: Placement, sent: boolean, sha256: ChunkHash): void => {
    const job = progressOf(entry.job);
    entry.job = { ...job, state: 'done', placement, sent, sha256, doneBytes: job.totalBytes };
  };

  /** One batch of small files, from reading to placing; files paused or cancelled meanwhile drop out. */
  const runBatch = async (lane: SmallFileLane, batch: readonly Entry[]): Promise<void> => {
    const controllers = batch.map(begin);
    publishSoon();
    // The batch stops only once every file of it was stopped.
    const whole = new AbortController();
    let live = batch.length;
    for (const controller of controllers) {
      controller.signal.addEventListener('abort', () => {
        if (--live === 0) whole.abort(controller.signal.reason);
      });
    }
    const stillMine = (i: number): boolean => {
      const controller = controllers[i];
      return controller !== undefined && batch[i]?.controller === controller && !controller.signal.aborted;
    };
    const onSafe = (indexes: readonly number[]): void => {
      for (const i of indexes) {
        const entry = batch[i];
        const controller = controllers[i];
        if (entry !== undefined && controller !== undefined) progress(entry, controller, entry.file.size);
      }
    };
    let result: Result<SmallBatchUploaded, string>;
    try {
      result = await lane.upload(
        batch.map((entry) => entry.file),
        onSafe,
        whole.signal,
      );
    } catch (error) {
      // A bug, not an expected failure: shown on the files rather than stopping the lane.
      console.error('Sheaf: upload failed', error);
      result = err(`Something went wrong (${String(error)}).`);
    }
    const mine = new Set(batch.filter((_, i) => stillMine(i)));
    for (const entry of mine) entry.controller = undefined;
    publishSoon();
    if (!result.ok) {
      for (const entry of mine) fail(entry, result.error);
      return;
    }
    const toPlace: Array<{ entry: Entry; uploaded: Uploaded }> = [];
    batch.forEach((entry, i) => {
      const answer = result.value[i];
      if (!mine.has(entry)) return;
      if (answer === undefined || !answer.ok) fail(entry, answer?.error ?? 'This file was not uploaded.');
      else toPlace.push({ entry, uploaded: answer.value });
    });
    if (toPlace.length === 0) return;
    let placed: ReturnType<PlaceUploads>;
    try {
      placed = lane.place(
        toPlace.map(({ entry, uploaded }) => ({
          folder: entry.folder,
          name: entry.file.name,
          content: uploaded.content,
        })),
      );
    } catch (error) {
      console.error('Sheaf: placing uploads failed', error);
      placed = err(`Something went wrong (${String(error)}).`);
    }
    if (toPlace.some(({ uploaded }) => !uploaded.sent)) deps.onOwed();
    toPlace.forEach(({ entry, uploaded }, i) => {
      const one = placed.ok ? placed.value[i] : placed;
      if (one === undefined || !one.ok) fail(entry, one?.error ?? 'This file was not placed.');
      else succeed(entry, one.value, uploaded.sent, uploaded.sha256);
    });
  };

  const run = async (entry: Entry): Promise<void> => {
    const controller = begin(entry);
    publishSoon();
    const onProgress = ({ doneBytes }: { doneBytes: number }): void => progress(entry, controller, doneBytes);
    const result = await upload(entry.file, deps, onProgress, controller.signal);
    // Paused, cancelled or retried meanwhile: that action already set the state.
    if (entry.controller !== controller || controller.signal.aborted) return;
    entry.controller = undefined;
    if (!result.ok) {
      fail(entry, result.error);
      publishSoon();
      return;
    }
    const { content, sent, sha256 } = result.value;
    const placed = deps.place(entry.folder, entry.file.name, content);
    if (!sent) deps.onOwed();
    if (!placed.ok) fail(entry, placed.error);
    else succeed(entry, placed.value, sent, sha256);
    publishSoon();
  };

  /** One lane: takes the next queued file until none is left. */
  const lane = async (): Promise<void> => {
    try {
      for (let entry = takeNext(); entry !== undefined; entry = takeNext()) {
        try {
          await run(entry);
        } catch (error) {
          // A bug, not an expected failure: shown on the file rather than stopping the lane.
          console.error('Sheaf: upload failed', error);
          entry.controller = undefined;
          fail(entry, `Something went wrong (${String(error)}).`);
          publishSoon();
        }
      }
    } finally {
      lanes--;
    }
  };
  /** One lane of small files: takes the next batch until none is left. */
  const smallLane = async (lane: SmallFileLane): Promise<void> => {
    const files = lane.batchFiles ?? SMALL_BATCH_FILES;
    const bytes = lane.batchBytes ?? SMALL_BATCH_BYTES;
    try {
      for (let batch = takeBatch(files, bytes); batch.length > 0; batch = takeBatch(files, bytes)) {
        await runBatch(lane, batch);
      }
    } finally {
      smallLanes--;
    }
  };
  const startLanes = (): void => {
    while (!closed && lanes < parallelFiles && pending.some((id) => entries.get(id)?.job.state === 'queued')) {
      lanes++;
      void lane();
    }
    while (
      small !== undefined &&
      !closed &&
      smallLanes < smallBatches &&
      pendingSmall.some((id) => entries.get(id)?.job.state === 'queued')
    ) {
      smallLanes++;
      void smallLane(small);
    }
  };

  /** Stops a running attempt; its result will be ignored. */
  const stop = (entry: Entry, why: string): void => {
    entry.controller?.abort(new DOMException(why, 'AbortError'));
    entry.controller = undefined;
  };

  const pause = (entry: Entry): void => {
    if (!active(entry.job.state)) return;
    // Pausing stops the running attempt; resuming runs the file again from its start, and the
    // relay's `missing` answer keeps the chunks it already holds from being sent twice.
    const running = entry.job.state === 'uploading';
    stop(entry, 'Upload paused');
    set(entry, 'paused');
    // A queued job is still among the pending; a running one goes back to its place.
    if (running) putBack(entry.job.id);
  };
  const resume = (entry: Entry): void => {
    if (entry.job.state !== 'paused') return;
    set(entry, 'queued');
  };
  const cancel = (entry: Entry): void => {
    if (finished(entry.job.state)) return;
    stop(entry, 'Upload cancelled');
    // Left among the pending until a lane passes over it: cancelling thousands stays linear.
    set(entry, 'cancelled');
  };
  const retry = (entry: Entry): void => {
    if (entry.job.state !== 'failed' && entry.job.state !== 'cancelled') return;
    set(entry, 'queued');
    putBack(entry.job.id);
  };

  /** Applies a user's action to one job or all of them and shows it at once. */
  const act =
    (action: (entry: Entry) => void) =>
    (id: number): void => {
      const entry = entries.get(id);
      if (entry === undefined || closed) return;
      action(entry);
      startLanes();
      publish();
    };
  const actAll = (action: (entry: Entry) => void) => (): void => {
    if (closed) return;
    for (const entry of entries.values()) action(entry);
    startLanes();
    publish();
  };

  const addItems = (items: readonly UploadItem[]): void => {
    if (closed || items.length === 0) return;
    for (const { file, folder, folderPath } of items) {
      const id = nextId++;
      const job: UploadJob = {
        id,
        name: file.name,
        folderPath: folderPath ?? '',
        doneBytes: 0,
        totalBytes: file.size,
        bytesPerSecond: undefined,
        state: 'queued',
      };
      const isSmall = small !== undefined && isSmallFile(file);
      entries.set(id, { job, file, folder, small: isSmall, controller: undefined, high: 0, samples: [] });
      (isSmall ? pendingSmall : pending).push(id);
    }
    startLanes();
    publish();
  };

  return {
    jobs,
    speed,
    add: (files, folder) => addItems(files.map((file) => ({ file, folder }))),
    addItems,
    pause: act(pause),
    resume: act(resume),
    cancel: act(cancel),
    retry: act(retry),
    pauseAll: actAll(pause),
    resumeAll: actAll(resume),
    cancelAll: actAll(cancel),
    retryFailed: actAll((entry) => {
      if (entry.job.state === 'failed') retry(entry);
    }),
    dismiss(id) {
      const entry = entries.get(id);
      if (entry === undefined || !finished(entry.job.state)) return;
      entries.delete(id);
      publish();
    },
    clearFinished() {
      for (const [id, entry] of entries) if (finished(entry.job.state)) entries.delete(id);
      publish();
    },
    close() {
      closed = true;
      for (const entry of entries.values()) stop(entry, 'Signed out');
      pending.length = 0;
      pendingSmall = [];
      publishTimer?.();
      tickTimer?.();
      publishTimer = undefined;
      tickTimer = undefined;
    },
  };
}
