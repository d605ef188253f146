// How fast a transfer goes and how long it has left, from a moving window of progress samples
// (a cumulative byte count and when it was seen). Pure: the caller brings the clock's readings.
// A window of a few seconds follows a change of network within seconds without jumping with each
// batch, and measuring up to `now` (not to the last sample) makes the speed fall when bytes stop.

/** One reading of a cumulative byte counter. */
export type RateSample = { readonly at: number; readonly bytes: number };

/** Readings in time order, the oldest kept as the baseline of the window. */
export type RateWindow = readonly RateSample[];

/** How far back the speed looks. */
export const RATE_WINDOW_MS = 5_000;
/** Below this span the speed is not known yet: a first batch says little about the next ones. */
export const MIN_SPAN_MS = 1_000;
/** Readings closer together than this are merged, so a window holds about 50 whatever the event rate. */
const SAMPLE_SPACING_MS = 100;

/**
 * Adds a reading and drops those the window no longer needs: the newest reading at or before the
 * window's start stays as the baseline, so a slow trickle is measured over the whole window.
 */
export function addSample(window: RateWindow, at: number, bytes: number, windowMs = RATE_WINDOW_MS): RateWindow {
  const last = window[window.length - 1];
  const previous = window[window.length - 2];
  // Merged into the last reading when the one before it is recent: keeps spacing without losing time.
  const kept =
    last !== undefined && previous !== undefined && at - previous.at < SAMPLE_SPACING_MS ? window.slice(0, -1) : window;
  const next = [...kept, { at, bytes }];
  let start = 0;
  while (start + 1 < next.length && (next[start + 1]?.at ?? at) <= at - windowMs) start++;
  return start === 0 ? next : next.slice(start);
}

/**
 * Bytes per second from the window's baseline (the newest reading at or before `now - windowMs`,
 * else the oldest) up to `now`, or undefined while too little time has passed to tell.
 */
export function bytesPerSecond(window: RateWindow, now: number, windowMs = RATE_WINDOW_MS): number | undefined {
  let base = window[0];
  const last = window[window.length - 1];
  if (base === undefined || last === undefined) return undefined;
  for (const sample of window) if (sample.at <= now - windowMs) base = sample;
  const span = now - base.at;
  if (span < MIN_SPAN_MS) return undefined;
  return Math.max(0, ((last.bytes - base.bytes) * 1000) / span);
}

/** Milliseconds left for `remainingBytes` at `rate` bytes per second; undefined when it cannot be told. */
export function timeLeft(remainingBytes: number, rate: number | undefined): number | undefined {
  if (remainingBytes <= 0) return 0;
  if (rate === undefined || rate <= 0) return undefined;
  return (remainingBytes / rate) * 1000;
}
