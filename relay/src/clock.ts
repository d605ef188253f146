// Time is injected so that expiry, backoff and GC are tested without sleeping.
export type Clock = { now(): number };
export const systemClock: Clock = { now: () => Date.now() };
