import { describe, expect, it } from 'vitest';
import type { ChunkApi, ChunkBatch } from './chunk-api.js';
import { chunkFileOn, type RunOnWorker } from './chunk-pool.js';
import { seededBytes, sha256Hex, testChunker } from './chunk-test-kit.js';
import { createTaskPool } from './task-pool.js';

type Spied = {
  readonly api: ChunkApi;
  readonly cancelled: number[];
  /** Buffers given back by `recycle`, outside `next`. */
  readonly recycled: ArrayBuffer[];
  readonly index: number;
};

/** A pool of in-process chunkers in place of workers, recording cancels. */
function inProcessPool(size: number): { run: RunOnWorker; workers: Spied[] } {
  const workers: Spied[] = [];
  const pool = createTaskPool<Spied>({
    size,
    start: (index) => {
      const inner = testChunker();
      const cancelled: number[] = [];
      const recycled: ArrayBuffer[] = [];
      const spied: Spied = {
        index,
        cancelled,
        recycled,
        api: {
          open: (file, options) => inner.open(file, options),
          next: (id) => inner.next(id),
          cancel: (id) => {
            cancelled.push(id);
            return inner.cancel(id);
          },
          recycle: (returned) => {
            recycled.push(...returned);
            return inner.recycle(returned);
          },
        },
      };
      workers.push(spied);
      return Promise.resolve(spied);
    },
    stop: () => undefined,
  });
  return { run: (task, options) => pool.run((worker, signal) => task(worker.api, signal), options), workers };
}

async function collect(batches: AsyncIterable<ChunkBatch>): Promise<ChunkBatch[]> {
  const out: ChunkBatch[] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

describe('chunkFileOn', () => {
  it('yields every batch of the file in order, the last with the whole SHA-256', async () => {
    const bytes = seededBytes(40_000, 1);
    const { run } = inProcessPool(1);
    const batches = await collect(chunkFileOn(run, new Blob([bytes]), { batchBytes: 4000 }));
    expect(batches.length).toBeGreaterThan(5);
    expect(batches.flatMap((b) => b.chunks).reduce((n, c) => n + c.size, 0)).toBe(bytes.length);
    expect(batches.at(-1)?.sha256).toBe(await sha256Hex(bytes));
  });

  it('gives the last batch’s buffer back to the worker once recycled, the others with the next call', async () => {
    const { run, workers } = inProcessPool(1);
    const buffers: ArrayBuffer[] = [];
    for await (const batch of chunkFileOn(run, new Blob([seededBytes(20_000, 4)]), { batchBytes: 4000 })) {
      const buffer = batch.chunks[0]?.bytes.buffer;
      if (buffer !== undefined) buffers.push(buffer);
      batch.recycle();
    }
    expect(buffers.length).toBeGreaterThan(2);
    expect(workers[0]?.recycled).toEqual([buffers.at(-1)]);
  });

  it('gives each file a worker of its own, and a file waits while every worker reads another', async () => {
    const { run, workers } = inProcessPool(2);
    const files = [1, 2, 3].map((seed) => new Blob([seededBytes(20_000, seed)]));
    const reads = files.map((file) => chunkFileOn(run, file, { batchBytes: 1000 }));
    const firsts = await Promise.all(reads.slice(0, 2).map((read) => read.next()));
    expect(firsts.every((step) => step.done === false)).toBe(true);
    expect(workers).toHaveLength(2);
    // The third file's first step waits for a worker: only once the first file ends does it start.
    let thirdStarted = false;
    const third = reads[2]?.next().then((step) => {
      thirdStarted = true;
      return step;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(thirdStarted).toBe(false);
    await reads[0]?.return();
    expect((await third)?.done).toBe(false);
    await reads[1]?.return();
    await reads[2]?.return();
  });

  it('stops the worker’s read when the caller leaves the loop, and frees the worker', async () => {
    const { run, workers } = inProcessPool(1);
    const file = new Blob([seededBytes(30_000, 2)]);
    for await (const batch of chunkFileOn(run, file, { batchBytes: 1000 })) {
      expect(batch.done).toBe(false);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(workers[0]?.cancelled).toEqual([1]);
    // The single worker is free for the next file.
    expect((await collect(chunkFileOn(run, file, { batchBytes: 1000 }))).at(-1)?.done).toBe(true);
  });

  it('rejects on abort with the reason, stops the read and frees the worker', async () => {
    const { run, workers } = inProcessPool(1);
    const file = new Blob([seededBytes(30_000, 3)]);
    const controller = new AbortController();
    const read = chunkFileOn(run, file, { batchBytes: 1000, signal: controller.signal });
    await read.next();
    controller.abort(new Error('cancelled by the user'));
    await expect(read.next()).rejects.toThrow('cancelled by the user');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(workers[0]?.cancelled).toHaveLength(1);
    expect((await collect(chunkFileOn(run, file, { batchBytes: 1000 }))).at(-1)?.done).toBe(true);
  });

  it('rejects a file still waiting for a worker when its signal aborts, without ever reading it', async () => {
    const { run, workers } = inProcessPool(1);
    const holding = chunkFileOn(run, new Blob([seededBytes(10_000, 4)]), { batchBytes: 500 });
    await holding.next();
    const controller = new AbortController();
    const waiting = chunkFileOn(run, new Blob([seededBytes(10_000, 5)]), {
      batchBytes: 500,
      signal: controller.signal,
    });
    const step = waiting.next();
    controller.abort(new Error('never mind'));
    await expect(step).rejects.toThrow('never mind');
    await holding.return();
    expect(workers).toHaveLength(1);
    expect(workers[0]?.cancelled).toEqual([1]);
  });
});
