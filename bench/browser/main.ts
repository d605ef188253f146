// The hash bench page: the same random buffers hashed by our worker pool (what the app uses) and by
// crypto.subtle.digest on the main thread one after another (what a plain app would do).
// Built by Vite exactly like the app's workers, so the pool, comlink and transfers are the real ones.
import { toHex } from '@sheaf/shared/hex';
import { createHashPool, type HashPool } from '@sheaf/workers/hash-pool';
import { defaultPoolSize } from '@sheaf/workers/task-pool';
import { median, megabytesPerSecond } from '../stats.js';
import type { HashBenchResult } from './hash-bench-api.js';
import { randomBuffer } from './random-bytes.js';

/** The chunk size the app hashes by default; both sides hash buffers of exactly this size. */
const CHUNK_BYTES = 1024 * 1024;
/**
 * Buffers reused round-robin: enough to keep every worker's two task slots fed with more queued,
 * small enough that the page never holds more than 32 MiB of test data.
 */
const WORKING_SET = 32;
const RUNS = 3;

/** The baseline: one digest at a time on the main thread, hex-encoded like ours. */
async function hashOnMainThread(buffers: readonly ArrayBuffer[], count: number): Promise<string[]> {
  const hashes: string[] = [];
  for (let i = 0; i < count; i++) {
    const buffer = buffers[i % buffers.length];
    if (buffer === undefined) throw new Error('no buffer to hash');
    hashes.push(toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', buffer))));
  }
  return hashes;
}

/**
 * Ours: every buffer is a lane that hashes, gets its bytes back (transferred out and back, as the
 * app does) and goes again until `count` chunks are done, so the pool's queue never runs dry.
 * Returns the buffers (now the transferred-back ones) and each lane's last hash.
 */
async function hashInPool(
  pool: HashPool,
  buffers: readonly ArrayBuffer[],
  count: number,
): Promise<{ buffers: ArrayBuffer[]; lastHashes: string[] }> {
  const current = [...buffers];
  const lastHashes: string[] = [];
  let issued = 0;
  const lane = async (index: number): Promise<void> => {
    while (issued < count) {
      issued++;
      const buffer = current[index];
      if (buffer === undefined) throw new Error('no buffer to hash');
      const hashed = await pool.hashBuffer(buffer);
      current[index] = hashed.bytes;
      lastHashes[index] = hashed.hash;
    }
  };
  await Promise.all(current.map((_, index) => lane(index)));
  return { buffers: current, lastHashes };
}

async function runHashBench(totalMiB: number): Promise<HashBenchResult> {
  const count = Math.max(WORKING_SET, Math.round((totalMiB * 1024 * 1024) / CHUNK_BYTES));
  let buffers = Array.from({ length: WORKING_SET }, () => randomBuffer(CHUNK_BYTES));
  const pool = createHashPool();
  try {
    // Warm-up of both sides (worker start, JIT), and a check that they compute the same digests:
    // a fast wrong hash is no result.
    const expected = await hashOnMainThread(buffers, WORKING_SET);
    const warm = await hashInPool(pool, buffers, WORKING_SET);
    buffers = warm.buffers;
    warm.lastHashes.forEach((hash, index) => {
      if (hash !== expected[index])
        throw new Error(`pool hashed buffer ${index} to ${hash}, Web Crypto to ${expected[index]}`);
    });

    const ours: number[] = [];
    const baseline: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Alternating which side goes first evens out anything that drifts during a run.
      for (const side of run % 2 === 0 ? (['baseline', 'ours'] as const) : (['ours', 'baseline'] as const)) {
        const started = performance.now();
        if (side === 'baseline') {
          await hashOnMainThread(buffers, count);
        } else {
          buffers = (await hashInPool(pool, buffers, count)).buffers;
        }
        const rate = megabytesPerSecond(count * CHUNK_BYTES, performance.now() - started);
        (side === 'ours' ? ours : baseline).push(rate);
        console.log(`run ${run + 1} ${side}: ${rate.toFixed(0)} MB/s`);
      }
    }
    return {
      oursMBps: median(ours),
      baselineMBps: median(baseline),
      workers: defaultPoolSize(navigator.hardwareConcurrency),
      hardwareConcurrency: navigator.hardwareConcurrency,
      chunkBytes: CHUNK_BYTES,
      runs: RUNS,
    };
  } finally {
    pool.terminate();
  }
}

window.runHashBench = runHashBench;
