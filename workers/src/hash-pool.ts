// The hashing pool the app uses: hash.worker.ts behind createWorkerPool.
import { transfer } from 'comlink';
import type { HashApi, HashedChunk } from './hash-api.js';
import { createWorkerPool } from './worker-pool.js';

export type HashPool = {
  /** SHA-256 and bytes of `blob[start, end)`, read inside a worker. */
  hashRange(blob: Blob, range: readonly [number, number], signal?: AbortSignal): Promise<HashedChunk>;
  /** SHA-256 of `buffer`, which is transferred to the worker and back (unusable meanwhile). */
  hashBuffer(buffer: ArrayBuffer, signal?: AbortSignal): Promise<HashedChunk>;
  terminate(): void;
};

/**
 * Two tasks per worker let one chunk's read from disk overlap another's digest, while keeping
 * at most 2 chunks per worker in memory.
 */
const TASKS_PER_WORKER = 2;

export function createHashPool(size?: number): HashPool {
  const pool = createWorkerPool<HashApi>({
    spawn: () => new Worker(new URL('./hash.worker.ts', import.meta.url), { type: 'module', name: 'sheaf-hash' }),
    tasksPerWorker: TASKS_PER_WORKER,
    ...(size !== undefined ? { size } : {}),
  });
  const withSignal = (signal: AbortSignal | undefined): { signal?: AbortSignal } =>
    signal === undefined ? {} : { signal };
  return {
    hashRange: (blob, [start, end], signal) => pool.run((api) => api.hashRange(blob, start, end), withSignal(signal)),
    hashBuffer: (buffer, signal) => pool.run((api) => api.hashBuffer(transfer(buffer, [buffer])), withSignal(signal)),
    terminate: () => pool.terminate(),
  };
}
