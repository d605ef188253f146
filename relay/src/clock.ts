// Time is injected so that expiry, backoff and GC are tested without sleeping.
export type Clock = { now(): number };
export const systemClock: Clock = { now: () => Date.now() };

/** Repeating timers, injected like the clock so that scheduled work is driven by tests. */
export type Timers = { every(ms: number, run: () => void): () => void };
export const systemTimers: Timers = {
  every(ms, run) {
    const timer = setInterval(run, ms);
    // A scheduled chore never keeps the process alive on its own.
    timer.unref();
    return () => clearInterval(timer);
  },
};
