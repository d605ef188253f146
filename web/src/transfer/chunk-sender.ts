// Sends the chunks a device saved while offline: the outbox is emptied whenever the relay is
// reachable again, a batch at a time (which the relay lacks, then those), and retried on a timer
// while anything is owed. One run at a time; a failed run leaves the rest for the next.
import type { ChunkHash } from '@sheaf/shared/ids';
import type { ApiClient } from '../api/client.js';
import type { ChunkStore } from '../local/chunk-store.js';
import type { Outbox } from '../local/outbox.js';
import { mapLimited } from '../lib/limit.js';
import { createStore, type Store } from '../lib/store.js';

export type ChunkSender = {
  /** Chunks still owed to the relay. */
  readonly owed: Store<number>;
  /** Sends what is owed now (a no-op while a run is under way). */
  readonly flush: () => void;
  readonly close: () => void;
};

export type ChunkSenderDeps = {
  readonly outbox: Outbox;
  readonly chunks: ChunkStore;
  readonly api: Pick<ApiClient, 'missingChunks' | 'putChunk'>;
};

const BATCH = 64;
const PARALLEL_PUTS = 4;
const RETRY_MS = 20_000;

export function createChunkSender(deps: ChunkSenderDeps): ChunkSender {
  const owed = createStore(0);
  const closing = new AbortController();
  let running = false;
  let again = false;

  /** One batch; false when the relay could not be reached (stop until the next trigger). */
  const sendBatch = async (): Promise<boolean> => {
    const rows = await deps.outbox.oldest(BATCH);
    if (rows.length === 0) return false;
    const missing = await deps.api.missingChunks(
      rows.map((r) => r.hash),
      closing.signal,
    );
    if (!missing.ok) return false;
    const lacking = new Set(missing.value);
    const done: ChunkHash[] = rows.filter((r) => !lacking.has(r.hash)).map((r) => r.hash);
    let failed = false;
    await mapLimited([...lacking], PARALLEL_PUTS, async (hash) => {
      if (failed) return;
      const bytes = await deps.chunks.get(hash);
      // A chunk gone from this device cannot be sent by anyone: drop the debt rather than loop on it.
      if (bytes === undefined) {
        done.push(hash);
        return;
      }
      const put = await deps.api.putChunk(hash, bytes, closing.signal);
      if (put.ok) done.push(hash);
      else failed = true;
    });
    await deps.outbox.remove(done);
    return !failed;
  };

  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        while (!closing.signal.aborted && (await sendBatch())) {
          owed.set(await deps.outbox.count());
        }
      } while (again && !closing.signal.aborted);
      owed.set(await deps.outbox.count());
    } catch (error) {
      if (!closing.signal.aborted) console.warn('Sheaf: could not send saved chunks', error);
    } finally {
      running = false;
    }
  };

  const timer = setInterval(() => {
    if (owed.get() > 0) void run();
  }, RETRY_MS);
  void run();

  return {
    owed,
    flush: () => void run(),
    close() {
      closing.abort(new DOMException('Signed out', 'AbortError'));
      clearInterval(timer);
    },
  };
}
