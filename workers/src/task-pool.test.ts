import { describe, expect, it } from 'vitest';
import { createTaskPool, defaultPoolSize, type TaskPool } from './task-pool.js';

/** A task whose completion the test controls. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void } {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets queued microtasks (worker start, task dispatch) run. */
const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

type FakeWorker = { readonly id: number };

function fakePool(
  size: number,
  tasksPerWorker = 1,
): { pool: TaskPool<FakeWorker>; started: number[]; stopped: number[] } {
  const started: number[] = [];
  const stopped: number[] = [];
  const pool = createTaskPool<FakeWorker>({
    size,
    tasksPerWorker,
    start: (index) => {
      started.push(index);
      return Promise.resolve({ id: index });
    },
    stop: (worker) => stopped.push(worker.id),
  });
  return { pool, started, stopped };
}

describe('defaultPoolSize', () => {
  it('leaves one core to the page and never goes below one worker', () => {
    expect(defaultPoolSize(8)).toBe(7);
    expect(defaultPoolSize(2)).toBe(1);
    expect(defaultPoolSize(1)).toBe(1);
    expect(defaultPoolSize(undefined)).toBe(1);
  });
});

describe('createTaskPool', () => {
  it('spreads tasks over idle workers, then queues them in order', async () => {
    const { pool, started } = fakePool(2);
    const gates = [deferred<void>(), deferred<void>(), deferred<void>()];
    const ranOn: Array<[number, number]> = [];
    const results = gates.map((gate, task) =>
      pool.run(async (worker) => {
        ranOn.push([task, worker.id]);
        await gate.promise;
        return task;
      }),
    );
    await flush();
    expect(ranOn).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(pool.load()).toEqual({ queued: 1, running: 2 });

    gates[1]?.resolve();
    await flush();
    expect(ranOn).toContainEqual([2, 1]);
    gates[0]?.resolve();
    gates[2]?.resolve();
    expect(await Promise.all(results)).toEqual([0, 1, 2]);
    expect(started).toEqual([0, 1]);
  });

  it('rejects a queued task on abort and never runs it', async () => {
    const { pool } = fakePool(1);
    const gate = deferred<void>();
    const first = pool.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const second = pool.run(
      () => {
        ran = true;
        return Promise.resolve();
      },
      { signal: controller.signal },
    );
    controller.abort(new Error('cancelled'));
    await expect(second).rejects.toThrow('cancelled');
    gate.resolve();
    await first;
    await flush();
    expect(ran).toBe(false);
    expect(pool.load()).toEqual({ queued: 0, running: 0 });
  });

  it('rejects a running task on abort, ignores its result and passes the signal in', async () => {
    const { pool } = fakePool(1);
    const gate = deferred<string>();
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const task = pool.run(
      (_worker, signal) => {
        seen = signal;
        return gate.promise;
      },
      { signal: controller.signal },
    );
    await flush();
    controller.abort(new Error('stop'));
    await expect(task).rejects.toThrow('stop');
    expect(seen?.aborted).toBe(true);
    gate.resolve('late');

    // The worker is free again once the abandoned task settles.
    await flush();
    await expect(pool.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { pool, started } = fakePool(1);
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    await expect(pool.run(() => Promise.resolve(1), { signal: controller.signal })).rejects.toThrow('too late');
    expect(started).toEqual([]);
  });

  it('runs up to tasksPerWorker tasks on one worker', async () => {
    const { pool } = fakePool(1, 2);
    const gate = deferred<void>();
    const tasks = [pool.run(() => gate.promise), pool.run(() => gate.promise), pool.run(() => gate.promise)];
    await flush();
    expect(pool.load()).toEqual({ queued: 1, running: 2 });
    gate.resolve();
    await Promise.all(tasks);
  });

  it('retries a worker that failed to start on the next task', async () => {
    let attempts = 0;
    const pool = createTaskPool<number>({
      size: 1,
      start: () => (++attempts === 1 ? Promise.reject(new Error('no wasm')) : Promise.resolve(attempts)),
      stop: () => undefined,
    });
    await expect(pool.run((worker) => Promise.resolve(worker))).rejects.toThrow('no wasm');
    await expect(pool.run((worker) => Promise.resolve(worker))).resolves.toBe(2);
  });

  it('terminate rejects queued and running tasks, stops workers and refuses new tasks', async () => {
    const { pool, stopped } = fakePool(1);
    const gate = deferred<void>();
    const running = pool.run(() => gate.promise);
    const queued = pool.run(() => Promise.resolve());
    await flush();
    pool.terminate();
    await expect(running).rejects.toThrow('terminated');
    await expect(queued).rejects.toThrow('terminated');
    await flush();
    expect(stopped).toEqual([0]);
    await expect(pool.run(() => Promise.resolve())).rejects.toThrow('terminated');
  });

  it('refuses a pool without workers', () => {
    expect(() => fakePool(0)).toThrow(RangeError);
  });
});
