// A pool of module Web Workers behind comlink, for any API a worker exposes (hashing today;
// chunking and thumbnails later). Scheduling lives in task-pool.ts; this file only starts a
// worker, waits for its ready message and wraps it.
import { releaseProxy, wrap, type Remote } from 'comlink';
import { createTaskPool, defaultPoolSize, type Task, type TaskPool } from './task-pool.js';
import { whenWorkerReady } from './worker-ready.js';

export type WorkerPoolOptions = {
  /**
   * Creates one worker. Write `new Worker(new URL('./x.worker.ts', import.meta.url), { type: 'module' })`
   * literally inside it: Vite only bundles a worker it sees in that form.
   */
  readonly spawn: () => Worker;
  /** Defaults to one worker fewer than the cores. */
  readonly size?: number;
  readonly tasksPerWorker?: number;
  /** How long a worker may take to load (wasm included) before its tasks fail. */
  readonly startTimeoutMs?: number;
};

export type WorkerPool<Api> = {
  run<R>(task: Task<Remote<Api>, R>, options?: { readonly signal?: AbortSignal }): Promise<R>;
  terminate(): void;
  readonly size: number;
};

type Started<Api> = { readonly worker: Worker; readonly api: Remote<Api> };

const DEFAULT_START_TIMEOUT_MS = 15_000;

export function createWorkerPool<Api>(options: WorkerPoolOptions): WorkerPool<Api> {
  const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const pool: TaskPool<Started<Api>> = createTaskPool<Started<Api>>({
    size: options.size ?? defaultPoolSize(navigator.hardwareConcurrency),
    ...(options.tasksPerWorker !== undefined ? { tasksPerWorker: options.tasksPerWorker } : {}),
    start: async () => {
      const worker = options.spawn();
      try {
        await whenWorkerReady(worker, startTimeoutMs);
      } catch (error) {
        worker.terminate();
        throw error;
      }
      return { worker, api: wrap<Api>(worker) };
    },
    stop: ({ worker, api }) => {
      api[releaseProxy]();
      worker.terminate();
    },
  });
  return {
    size: pool.size,
    run: (task, runOptions) => pool.run(({ api }, signal) => task(api, signal), runOptions),
    terminate: () => pool.terminate(),
  };
}
