import { describe, expect, it } from 'vitest';
import type { Evicted } from './chunk-store.js';
import {
  CACHE_BYTES_SETTING,
  QUOTA_SHARE,
  cacheBudget,
  configuredCacheBytes,
  createCacheKeeper,
  requestPersistence,
} from './chunk-cache.js';

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function fakeTimers() {
  const timers: Array<{ ms: number; run: () => void; cancelled: boolean }> = [];
  return {
    setTimer: (run: () => void, ms: number) => {
      const timer = { ms, run, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    pending: () => timers.filter((t) => !t.cancelled),
    fire() {
      for (const timer of timers.filter((t) => !t.cancelled)) {
        timer.cancelled = true;
        timer.run();
      }
    },
  };
}

describe('configuredCacheBytes and cacheBudget', () => {
  const storage = (value: string | null) => ({
    getItem: (key: string) => (key === CACHE_BYTES_SETTING ? value : null),
  });

  it('reads a positive whole number of bytes and ignores anything else', () => {
    expect(configuredCacheBytes(storage('5000000'))).toBe(5_000_000);
    for (const bad of [null, '', '-5', '1.5', 'lots', '0']) expect(configuredCacheBytes(storage(bad))).toBeUndefined();
    expect(configuredCacheBytes(undefined)).toBeUndefined();
  });

  it('takes the configured bytes first, else a share of the quota, else nothing', async () => {
    const estimate = () => Promise.resolve({ quota: 1_000_000, usage: 10 });
    expect(await cacheBudget(123, estimate)).toBe(123);
    expect(await cacheBudget(undefined, estimate)).toBe(1_000_000 * QUOTA_SHARE);
    expect(await cacheBudget(undefined, () => Promise.resolve({}))).toBeUndefined();
    expect(await cacheBudget(undefined, undefined)).toBeUndefined();
  });
});

describe('requestPersistence', () => {
  it('asks only when not yet persisted, and keeps a refusal as false', async () => {
    let asked = 0;
    const manager = (persisted: boolean, granted: boolean | Error) => ({
      persisted: () => Promise.resolve(persisted),
      persist: () => {
        asked++;
        return granted instanceof Error ? Promise.reject(granted) : Promise.resolve(granted);
      },
    });
    expect(await requestPersistence(manager(true, false))).toBe(true);
    expect(asked).toBe(0);
    expect(await requestPersistence(manager(false, true))).toBe(true);
    expect(await requestPersistence(manager(false, false))).toBe(false);
    expect(await requestPersistence(manager(false, new Error('not allowed')))).toBe(false);
    expect(await requestPersistence(undefined)).toBe(false);
    expect(asked).toBe(3);
  });
});

describe('createCacheKeeper', () => {
  it('runs one pass per delay however many writes come, with the budget of the moment', async () => {
    const timers = fakeTimers();
    const budgets: number[] = [];
    let budget = 100;
    const keeper = createCacheKeeper({
      evict: (bytes) => {
        budgets.push(bytes);
        return Promise.resolve<Evicted>({ chunks: 0, bytes: 0 });
      },
      budget: () => Promise.resolve(budget),
      setTimer: timers.setTimer,
      delayMs: 2_000,
    });
    for (let i = 0; i < 10; i++) keeper.poke();
    expect(timers.pending().map((t) => t.ms)).toEqual([2_000]);
    timers.fire();
    await settle();
    expect(budgets).toEqual([100]);
    budget = 50;
    keeper.poke();
    timers.fire();
    await settle();
    expect(budgets).toEqual([100, 50]);
    keeper.close();
    keeper.poke();
    expect(timers.pending()).toEqual([]);
  });

  it('runs again after a pass when written to during it, and skips when no budget is known', async () => {
    const timers = fakeTimers();
    let passes = 0;
    let finish: (() => void) | undefined;
    let budget: number | undefined = 10;
    const keeper = createCacheKeeper({
      evict: () => {
        passes++;
        return new Promise<Evicted>((resolve) => {
          finish = () => resolve({ chunks: 1, bytes: 1 });
        });
      },
      budget: () => Promise.resolve(budget),
      setTimer: timers.setTimer,
    });
    keeper.poke();
    timers.fire();
    await settle();
    expect(passes).toBe(1);
    keeper.poke();
    expect(timers.pending()).toEqual([]);
    finish?.();
    await settle();
    expect(timers.pending().length).toBe(1);
    budget = undefined;
    timers.fire();
    await settle();
    expect(passes).toBe(1);
    keeper.close();
  });
});
