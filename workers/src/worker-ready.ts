// The start-up handshake between a pooled worker and its pool. A module worker that awaits
// (automerge's wasm, for one) drops comlink calls posted before it finished evaluating, so every
// worker announces itself after `expose` and the pool sends nothing until it has heard that.
export const WORKER_READY = 'sheaf-worker-ready';

export type WorkerReadyMessage = { readonly type: typeof WORKER_READY };

export const isWorkerReadyMessage = (data: unknown): data is WorkerReadyMessage =>
  typeof data === 'object' && data !== null && 'type' in data && data.type === WORKER_READY;

/** Called by a worker module as its last statement, after `expose`. */
export function announceWorkerReady(scope: { postMessage(message: WorkerReadyMessage): void }): void {
  scope.postMessage({ type: WORKER_READY });
}

/** Resolves once `worker` has announced itself; rejects if it fails to load or stays silent. */
export function whenWorkerReady(worker: Worker, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
    };
    const onMessage = (event: MessageEvent<unknown>): void => {
      if (!isWorkerReadyMessage(event.data)) return;
      cleanup();
      resolve();
    };
    const onError = (event: ErrorEvent): void => {
      cleanup();
      reject(new Error(`worker failed to start: ${event.message || 'script error'}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`worker did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
  });
}
