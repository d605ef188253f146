// Sends the chunks this device owes the relay (saved offline, or left by an upload whose tab was
// closed): a batch at a time, which the relay lacks, then those. One run at a time. A run that
// fails is retried with exponential backoff and full jitter (so that devices coming back together
// do not retry in step), and at once when the network or the sync connection comes back.
import type { ChunkHash } from '@sheaf/shared/ids';
import type { ApiClient } from '../api/client.js';
import type { ChunkStore } from '../local/chunk-store.js';
import type { Outbox } from '../local/outbox.js';
import { mapLimited } from '../lib/limit.js';
import { createStore, type Store } from '../lib/store.js';

export type ChunkSender = {
  /** Chunks still owed to the relay. */
  readonly owed: Store<number>;
  /** Sends what is owed now, with the backoff reset (a run under way goes round once more). */
  readonly flush: () => void;
  /** Counts what is owed again without sending (uploads change it too), so `owed` does not go stale. */
  readonly recount: () => void;
  readonly close: () => void;
};

/** Runs `run` after `ms`; the answer cancels it. */
export type SetTimer = (run: () => void, ms: number) => () => void;

export type ChunkSenderDeps = {
  readonly outbox: Pick<Outbox, 'oldest' | 'remove' | 'count'>;
  readonly chunks: Pick<ChunkStore, 'get' | 'markHeld'>;
  readonly api: Pick<ApiClient, 'missingChunks' | 'putChunk'>;
  readonly setTimer: SetTimer;
  /** Uniform in [0, 1), for the jitter. */
  readonly random: () => number;
  /** Calls `listener` whenever the relay may be reachable again (`online`, sync reconnected); answers an unsubscribe. */
  readonly onReconnect?: (listener: () => void) => () => void;
};

const BATCH = 64;
const PARALLEL_PUTS = 4;
export const FIRST_RETRY_MS = 1_000;
export const LAST_RETRY_MS = 5 * 60_000;

/** Full jitter: uniform between 0 and the capped exponential step of `attempt` (0 for the first retry). */
export const retryDelay = (attempt: number, random: () => number): number =>
  Math.floor(random() * Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(attempt, 30)));

export function createChunkSender(deps: ChunkSenderDeps): ChunkSender {
  const owed = createStore(0);
  const closing = new AbortController();
  let running = false;
  let again = false;
  let attempt = 0;
  let cancelRetry: (() => void) | undefined;

  /** One batch: 'sent', 'empty' when nothing is owed, 'failed' when the relay could not be reached. */
  const sendBatch = async (): Promise<'sent' | 'empty' | 'failed'> => {
    const rows = await deps.outbox.oldest(BATCH);
    if (rows.length === 0) return 'empty';
    const missing = await deps.api.missingChunks(
      rows.map((r) => r.hash),
      closing.signal,
    );
    if (!missing.ok) return 'failed';
    const lacking = new Set(missing.value);
    const held: ChunkHash[] = rows.filter((r) => !lacking.has(r.hash)).map((r) => r.hash);
    const dropped: ChunkHash[] = [];
    let failed = false;
    await mapLimited([...lacking], PARALLEL_PUTS, async (hash) => {
      if (failed) return;
      const bytes = await deps.chunks.get(hash);
      // A chunk gone from this device cannot be sent by anyone: drop the debt rather than loop on it.
      if (bytes === undefined) {
        dropped.push(hash);
        return;
      }
      const put = await deps.api.putChunk(hash, bytes, closing.signal);
      if (put.ok) held.push(hash);
      else if (put.error.kind === 'hash_mismatch') {
        // The bytes stored here are damaged: sending them again cannot succeed.
        console.warn('Sheaf: a saved chunk is damaged and cannot be sent', hash);
        dropped.push(hash);
      } else failed = true;
    });
    await deps.chunks.markHeld(held);
    await deps.outbox.remove(dropped);
    return failed ? 'failed' : 'sent';
  };

  const scheduleRetry = (): void => {
    cancelRetry?.();
    const delay = retryDelay(attempt, deps.random);
    attempt++;
    cancelRetry = deps.setTimer(() => {
      cancelRetry = undefined;
      void run();
    }, delay);
  };

  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    let outcome: 'sent' | 'empty' | 'failed' = 'empty';
    try {
      do {
        again = false;
        do {
          outcome = await sendBatch();
          if (outcome === 'sent') attempt = 0;
          owed.set(await deps.outbox.count());
        } while (outcome === 'sent' && !closing.signal.aborted);
      } while (again && !closing.signal.aborted);
    } catch (error) {
      if (!closing.signal.aborted) console.warn('Sheaf: could not send saved chunks', error);
      outcome = 'failed';
    } finally {
      running = false;
    }
    if (closing.signal.aborted) return;
    if (outcome === 'failed') scheduleRetry();
    else {
      attempt = 0;
      cancelRetry?.();
      cancelRetry = undefined;
    }
  };

  const flush = (): void => {
    attempt = 0;
    cancelRetry?.();
    cancelRetry = undefined;
    void run();
  };

  let counting = false;
  let countAgain = false;
  const recount = (): void => {
    if (counting) {
      countAgain = true;
      return;
    }
    counting = true;
    void deps.outbox
      .count()
      .then((count) => {
        if (!closing.signal.aborted) owed.set(count);
      })
      .catch((error: unknown) => console.warn('Sheaf: could not count saved chunks', error))
      .finally(() => {
        counting = false;
        if (countAgain) {
          countAgain = false;
          recount();
        }
      });
  };

  const unsubscribe = deps.onReconnect?.(flush);
  void run();

  return {
    owed,
    flush,
    recount,
    close() {
      closing.abort(new DOMException('Signed out', 'AbortError'));
      cancelRetry?.();
      unsubscribe?.();
    },
  };
}
