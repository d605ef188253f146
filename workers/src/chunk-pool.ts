// The chunking pool the app uploads with: chunk.worker.ts behind createWorkerPool, one file per
// worker at a time (a single file keeps one worker busy: gear hashing and Web Crypto outrun the
// disk and the network), so several files are chunked at once on as many workers.
import { transfer } from 'comlink';
import type { ChunkApi, ChunkBatch, ChunkFileOptions } from './chunk-api.js';
import type { Task } from './task-pool.js';
import { createWorkerPool } from './worker-pool.js';

export type ChunkFileRequest = ChunkFileOptions & { readonly signal?: AbortSignal };

/** A batch whose bytes can be handed back to the worker once the caller is done with them. */
export type RecyclableBatch = ChunkBatch & {
  /**
   * Gives the batch's buffer back to the worker, to read a later batch (of this file or the next
   * one the worker reads) into: call it once nothing reads the chunks' bytes any more (a Blob made
   * of them has its own copy). The bytes are unusable afterwards. Not calling it is fine: the
   * worker then reads into fresh memory, more slowly.
   */
  recycle(): void;
};

export type ChunkPool = {
  /**
   * The batches of `file`, in order, read by one worker of the pool (waiting for a free one). The
   * worker prepares one batch ahead of the caller, so memory holds at most about two batches. An
   * abort rejects the pending step with the signal's reason and stops the worker's read; so does
   * leaving the loop early. Always iterate it (or `return()` it): it holds a worker until then.
   */
  chunkFile(file: Blob, request: ChunkFileRequest): AsyncGenerator<RecyclableBatch, void, undefined>;
  terminate(): void;
  readonly size: number;
};

/** How a pool runs a task on one of its workers: `WorkerPool.run`, or a TaskPool's in tests. */
export type RunOnWorker = <R>(task: Task<ChunkApi, R>, options?: { readonly signal?: AbortSignal }) => Promise<R>;

export function createChunkPool(size?: number): ChunkPool {
  const pool = createWorkerPool<ChunkApi>({
    spawn: () => new Worker(new URL('./chunk.worker.ts', import.meta.url), { type: 'module', name: 'sheaf-chunk' }),
    tasksPerWorker: 1,
    ...(size !== undefined ? { size } : {}),
  });
  const run: RunOnWorker = (task, options) => pool.run((api, signal) => task(api, signal), options);
  return {
    size: pool.size,
    chunkFile: (file, request) => chunkFileOn(run, file, request),
    terminate: () => pool.terminate(),
  };
}

const NEVER_ABORTED = new AbortController().signal;

/** Rejections carry Errors, as the task pool's do: a non-Error reason is wrapped. */
const asError = (reason: unknown): Error =>
  reason instanceof Error ? reason : new Error(typeof reason === 'string' ? reason : 'aborted', { cause: reason });

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  // Whatever happens to the race, a late rejection of `promise` is not unhandled.
  promise.catch(() => undefined);
  if (signal.aborted) return Promise.reject(asError(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(asError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Holds one worker of `run`'s pool for the whole file: the pool's task lasts until the generator
 * ends, so the pool's queue (and its abort of queued tasks) decides who gets the next free worker.
 */
export async function* chunkFileOn(
  run: RunOnWorker,
  file: Blob,
  request: ChunkFileRequest,
): AsyncGenerator<RecyclableBatch, void, undefined> {
  const { signal = NEVER_ABORTED, ...options } = request;
  /** Buffers recycled since the last step: they travel back with the next one. */
  let returned: ArrayBuffer[] = [];
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const worker = new Promise<ChunkApi>((resolve, reject) => {
    run(
      (api) => {
        resolve(api);
        return released;
      },
      { signal },
    ).catch(reject);
  });
  // Until the first step awaits it, a failed start is not unhandled.
  worker.catch(() => undefined);
  let id: number | undefined;
  let ended = false;
  try {
    const api = await worker;
    const opening = api.open(file, options);
    try {
      id = await unlessAborted(opening, signal);
    } catch (error) {
      // Opened after all (the abort came first): stop that read too.
      opening.then((late) => api.cancel(late)).catch(() => undefined);
      throw error;
    }
    for (;;) {
      const giving = returned;
      returned = [];
      const batch = await unlessAborted(api.next(id, transfer(giving, giving)), signal);
      ended = batch.done;
      const buffer = batch.chunks[0]?.bytes.buffer;
      let recycled = false;
      yield {
        ...batch,
        recycle: () => {
          if (buffer === undefined || recycled) return;
          recycled = true;
          if (!ended) {
            returned.push(buffer);
            return;
          }
          // No next call is left to carry it: the worker keeps it for the next file it reads. Else
          // each file took a fresh buffer there, and that one buffer per 64 MiB file cost the chunk
          // + hash bench a fifth of its rate (and 1.4 ms of CPU per MiB) on the 2-core VMs measured.
          void api.recycle(transfer([buffer], [buffer])).catch(() => undefined);
        },
      };
      if (batch.done) return;
    }
  } finally {
    if (id !== undefined && !ended) {
      const stopping = id;
      void worker.then((api) => api.cancel(stopping)).catch(() => undefined);
    }
    release();
  }
}
