// A pool of long-lived workers and a queue of tasks, with nothing tied to Web Workers: the
// `start`/`stop` functions bring the platform in, so the scheduling is tested in plain Node.
// A task goes to the least busy worker (ties rotate, so equal workers share the load), waits in
// a FIFO queue while every worker is full, and can be cancelled with an AbortSignal.

export type TaskPoolOptions<W> = {
  /** Number of workers; see `defaultPoolSize`. */
  readonly size: number;
  /**
   * Tasks one worker runs at once. Above 1 a worker can read one chunk while it hashes another;
   * the cap bounds how many chunks sit in memory.
   */
  readonly tasksPerWorker?: number;
  /** Starts worker `index`; called lazily, and again after a failed start. */
  readonly start: (index: number) => Promise<W>;
  readonly stop: (worker: W) => void;
};

/** A task gets its worker and the caller's signal, to pass on to anything it can cancel. */
export type Task<W, R> = (worker: W, signal: AbortSignal) => Promise<R>;

export type TaskPool<W> = {
  /**
   * Runs `task` on a worker. An abort rejects at once with the signal's reason: a queued task
   * never starts, a running one has its result ignored (the worker stays busy until it settles).
   */
  run<R>(task: Task<W, R>, options?: { readonly signal?: AbortSignal }): Promise<R>;
  /** Rejects every queued and running task and stops the workers; later `run` calls reject. */
  terminate(): void;
  readonly size: number;
  /** Queued and running tasks, for progress displays and tests. */
  load(): { readonly queued: number; readonly running: number };
};

/** One worker fewer than the cores, so that the page itself stays responsive; at least one. */
export const defaultPoolSize = (hardwareConcurrency: number | undefined): number =>
  Math.max(1, Math.floor(hardwareConcurrency ?? 2) - 1);

type Slot<W> = { worker: Promise<W> | undefined; busy: number };

type Pending = {
  readonly start: (slot: number) => void;
  readonly fail: (reason: unknown) => void;
};

const NEVER_ABORTED = new AbortController().signal;

/** Rejections carry Errors: a non-Error reason (a string passed to `abort`) is wrapped. */
const asError = (reason: unknown): Error =>
  reason instanceof Error ? reason : new Error(typeof reason === 'string' ? reason : 'aborted', { cause: reason });

export function createTaskPool<W>(options: TaskPoolOptions<W>): TaskPool<W> {
  const { size, start, stop } = options;
  const tasksPerWorker = options.tasksPerWorker ?? 1;
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`invalid pool size ${size}`);
  if (!Number.isSafeInteger(tasksPerWorker) || tasksPerWorker < 1) {
    throw new RangeError(`invalid tasks per worker ${tasksPerWorker}`);
  }

  const slots: Array<Slot<W>> = Array.from({ length: size }, () => ({ worker: undefined, busy: 0 }));
  const queue: Pending[] = [];
  const running = new Set<Pending>();
  let nextTie = 0;
  let terminated = false;

  const workerOf = (index: number, slot: Slot<W>): Promise<W> => {
    if (slot.worker === undefined) {
      const started = start(index);
      slot.worker = started;
      // A worker that failed to start is forgotten, so that the next task tries a fresh one.
      void started.catch(() => {
        if (slot.worker === started) slot.worker = undefined;
      });
    }
    return slot.worker;
  };

  const leastBusySlot = (): number | undefined => {
    let best: number | undefined;
    for (let i = 0; i < size; i++) {
      const index = (nextTie + i) % size;
      const slot = slots[index];
      if (slot === undefined || slot.busy >= tasksPerWorker) continue;
      if (best === undefined || slot.busy < (slots[best]?.busy ?? Infinity)) best = index;
    }
    if (best !== undefined) nextTie = (best + 1) % size;
    return best;
  };

  const pump = (): void => {
    while (queue.length > 0) {
      const index = leastBusySlot();
      if (index === undefined) return;
      const pending = queue.shift();
      pending?.start(index);
    }
  };

  return {
    size,
    load: () => ({ queued: queue.length, running: running.size }),

    run<R>(task: Task<W, R>, runOptions?: { readonly signal?: AbortSignal }): Promise<R> {
      const signal = runOptions?.signal ?? NEVER_ABORTED;
      if (terminated) return Promise.reject(new Error('worker pool terminated'));
      if (signal.aborted) return Promise.reject(asError(signal.reason));

      return new Promise<R>((resolve, reject) => {
        let settled = false;
        const settle = (): boolean => {
          if (settled) return false;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          const queuedAt = queue.indexOf(pending);
          if (queuedAt >= 0) queue.splice(queuedAt, 1);
          running.delete(pending);
          return true;
        };
        const pending: Pending = {
          start: (index) => {
            const slot = slots[index];
            if (slot === undefined) return;
            slot.busy++;
            running.add(pending);
            const finish = (): void => {
              slot.busy--;
              running.delete(pending);
              pump();
            };
            void workerOf(index, slot)
              .then((worker) => task(worker, signal))
              .then(
                (value) => {
                  if (settle()) resolve(value);
                },
                (error: unknown) => {
                  if (settle()) reject(asError(error));
                },
              )
              .finally(finish);
          },
          fail: (reason) => {
            if (settle()) reject(asError(reason));
          },
        };
        const onAbort = (): void => pending.fail(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        queue.push(pending);
        pump();
      });
    },

    terminate() {
      if (terminated) return;
      terminated = true;
      const reason = new Error('worker pool terminated');
      for (const pending of [...queue, ...running]) pending.fail(reason);
      queue.length = 0;
      for (const slot of slots) {
        const worker = slot.worker;
        slot.worker = undefined;
        // A worker still starting is stopped once it is up; one that failed has nothing to stop.
        void worker?.then(stop, () => undefined);
      }
    },
  };
}
