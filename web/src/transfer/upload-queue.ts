// The uploads of this session as a list the UI can show: files run a few at a time (one per worker
// of the chunk pool: each file is read by one worker), and each can be cancelled or dismissed.
// When a file's bytes are safe, `place` puts it in the drive (a new file or a new version).
import type { NodeId } from '@sheaf/shared/drive/node-id';
import type { Content } from '@sheaf/shared/drive/ops';
import type { ChunkHash } from '@sheaf/shared/ids';
import type { Result } from '@sheaf/shared/result';
import { createStore, type Store } from '../lib/store.js';
import { uploadFile, type UploadDeps } from './upload.js';

/** Where an upload ended up: a new file, a new version of a file of that name, or the same bytes again. */
export type Placement = 'created' | 'version' | 'unchanged';

export type UploadJob = {
  readonly id: number;
  readonly name: string;
  readonly doneBytes: number;
  readonly totalBytes: number;
} & (
  | { readonly state: 'queued' | 'uploading' | 'cancelled' }
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

export type UploadQueue = {
  readonly jobs: Store<readonly UploadJob[]>;
  readonly add: (files: readonly File[], folder: NodeId) => void;
  readonly cancel: (id: number) => void;
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
};

const finished = (job: UploadJob): boolean => job.state !== 'queued' && job.state !== 'uploading';

export function createUploadQueue(deps: UploadQueueDeps): UploadQueue {
  const jobs = createStore<readonly UploadJob[]>([]);
  const waiting: Array<{ id: number; file: File; folder: NodeId }> = [];
  const controllers = new Map<number, AbortController>();
  let nextId = 1;
  let lanes = 0;
  const parallelFiles = Math.max(1, deps.parallelFiles ?? 1);

  const patch = (id: number, change: (job: UploadJob) => UploadJob): void =>
    jobs.update((list) => list.map((job) => (job.id === id ? change(job) : job)));

  /** One lane: takes the next waiting file until none is left. */
  const runNext = async (): Promise<void> => {
    if (lanes >= parallelFiles) return;
    lanes++;
    for (let next = waiting.shift(); next !== undefined; next = waiting.shift()) {
      const { id, file, folder } = next;
      const controller = controllers.get(id);
      if (controller === undefined || controller.signal.aborted) continue;
      patch(id, (job) => ({ ...job, state: 'uploading' }));
      const result = await uploadFile(
        file,
        deps,
        ({ doneBytes }) => patch(id, (job) => ({ ...job, doneBytes })),
        controller.signal,
      );
      controllers.delete(id);
      if (controller.signal.aborted) {
        patch(id, (job) => ({ ...job, state: 'cancelled' }));
        continue;
      }
      if (!result.ok) {
        patch(id, (job) => ({ ...job, state: 'failed', message: result.error }));
        continue;
      }
      const { content, sent, sha256 } = result.value;
      const placed = deps.place(folder, file.name, content);
      if (!sent) deps.onOwed();
      patch(id, (job) =>
        placed.ok
          ? { ...job, state: 'done', placement: placed.value, sent, sha256, doneBytes: job.totalBytes }
          : { ...job, state: 'failed', message: placed.error },
      );
    }
    lanes--;
  };

  return {
    jobs,
    add(files, folder) {
      const added: UploadJob[] = files.map((file) => {
        const id = nextId++;
        controllers.set(id, new AbortController());
        waiting.push({ id, file, folder });
        return { id, name: file.name, doneBytes: 0, totalBytes: file.size, state: 'queued' };
      });
      jobs.update((list) => [...list, ...added]);
      for (let lane = 0; lane < Math.min(parallelFiles, added.length); lane++) void runNext();
    },
    cancel(id) {
      controllers.get(id)?.abort(new DOMException('Upload cancelled', 'AbortError'));
      controllers.delete(id);
      patch(id, (job) => (job.state === 'queued' ? { ...job, state: 'cancelled' } : job));
    },
    clearFinished() {
      jobs.update((list) => list.filter((job) => !finished(job)));
    },
    close() {
      for (const controller of controllers.values()) controller.abort(new DOMException('Signed out', 'AbortError'));
      controllers.clear();
      waiting.length = 0;
    },
  };
}
