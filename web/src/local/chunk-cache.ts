// Keeps the chunk store within its budget: after uploads and downloads write chunks, an eviction
// pass runs (at most one per delay, so a long upload still evicts as it goes rather than after it
// ends) and frees what the relay already holds, least recently used first. Also asks the browser
// to keep this origin's storage (`navigator.storage.persist()`), without which it may clear it all.
import type { Evicted } from './chunk-store.js';

/** Runs `run` after `ms`; the answer cancels it. */
export type SetTimer = (run: () => void, ms: number) => () => void;

/**
 * localStorage key of a fixed budget in bytes, read at start, in place of the share of the quota
 * (tests set a small one: e2e/chunk-cache.spec.ts).
 */
export const CACHE_BYTES_SETTING = 'sheaf.chunkCacheBytes';
/** Share of the origin's quota the chunk cache may fill: the rest is left to documents and the browser. */
export const QUOTA_SHARE = 0.5;
/** Quiet time between a write and the eviction pass it calls for. */
export const EVICT_DELAY_MS = 2_000;

/** A positive whole number of bytes set under CACHE_BYTES_SETTING, if any. */
export function configuredCacheBytes(storage: Pick<Storage, 'getItem'> | undefined): number | undefined {
  const text = storage?.getItem(CACHE_BYTES_SETTING) ?? null;
  if (text === null || !/^\d+$/.test(text.trim())) return undefined;
  const bytes = Number(text.trim());
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** The cache's budget: the configured bytes, else a share of the quota; undefined when neither is known. */
export async function cacheBudget(
  configured: number | undefined,
  estimate: (() => Promise<StorageEstimate>) | undefined,
): Promise<number | undefined> {
  if (configured !== undefined) return configured;
  const quota = (await estimate?.())?.quota;
  return quota === undefined || quota <= 0 ? undefined : Math.floor(quota * QUOTA_SHARE);
}

/** Asks once for persistent storage; the answer says whether the browser granted it. */
export async function requestPersistence(
  storage: Pick<StorageManager, 'persisted' | 'persist'> | undefined,
): Promise<boolean> {
  if (storage === undefined) return false;
  try {
    return (await storage.persisted()) || (await storage.persist());
  } catch {
    // Refused outright (some contexts throw): the cache still works, the browser may just clear it.
    return false;
  }
}

export type CacheKeeper = {
  /** Something was written: an eviction pass runs within the delay. */
  readonly poke: () => void;
  readonly close: () => void;
};

export type CacheKeeperDeps = {
  readonly evict: (budgetBytes: number) => Promise<Evicted>;
  readonly budget: () => Promise<number | undefined>;
  readonly setTimer: SetTimer;
  readonly delayMs?: number;
  /** Told after each pass (for logs and tests). */
  readonly onEvicted?: (evicted: Evicted) => void;
};

export function createCacheKeeper(deps: CacheKeeperDeps): CacheKeeper {
  const delayMs = deps.delayMs ?? EVICT_DELAY_MS;
  let cancel: (() => void) | undefined;
  let running = false;
  let pokedWhileRunning = false;
  let closed = false;

  const pass = async (): Promise<void> => {
    running = true;
    try {
      const budget = await deps.budget();
      if (budget !== undefined && !closed) {
        const evicted = await deps.evict(budget);
        deps.onEvicted?.(evicted);
      }
    } catch (error) {
      console.warn('Sheaf: could not trim the chunk cache', error);
    } finally {
      running = false;
    }
    if (pokedWhileRunning) {
      pokedWhileRunning = false;
      poke();
    }
  };

  const poke = (): void => {
    if (closed) return;
    if (running) {
      pokedWhileRunning = true;
      return;
    }
    // Not pushed back by later pokes: a steady stream of writes still gets a pass every delay.
    cancel ??= deps.setTimer(() => {
      cancel = undefined;
      void pass();
    }, delayMs);
  };

  return {
    poke,
    close() {
      closed = true;
      cancel?.();
      cancel = undefined;
    },
  };
}
