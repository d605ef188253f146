import { describe, expect, it } from 'vitest';
import { addSample, bytesPerSecond, MIN_SPAN_MS, RATE_WINDOW_MS, timeLeft, type RateWindow } from './transfer-rate.js';

/** Readings of a steady transfer: `perSecond` bytes a second, one reading every `every` ms. */
function steady(perSecond: number, every: number, until: number, from = 0, startBytes = 0): RateWindow {
  let window: RateWindow = [];
  for (let at = from; at <= until; at += every)
    window = addSample(window, at, startBytes + ((at - from) * perSecond) / 1000);
  return window;
}

describe('bytesPerSecond', () => {
  it('is unknown with no readings and until a second has passed', () => {
    expect(bytesPerSecond([], 10_000)).toBeUndefined();
    const window = steady(1_000_000, 100, 500);
    expect(bytesPerSecond(window, 500)).toBeUndefined();
    expect(bytesPerSecond(window, MIN_SPAN_MS)).toBeDefined();
  });

  it('reads a steady transfer', () => {
    const window = steady(2_000_000, 250, 20_000);
    expect(bytesPerSecond(window, 20_000)).toBeCloseTo(2_000_000, -3);
  });

  it('follows a change of speed within the window', () => {
    // 1 MB/s for 20 s, then 4 MB/s for 10 s: the window only sees the second part.
    let window = steady(1_000_000, 200, 20_000);
    for (let at = 20_200; at <= 30_000; at += 200) window = addSample(window, at, 20_000_000 + (at - 20_000) * 4_000);
    expect(bytesPerSecond(window, 30_000)).toBeCloseTo(4_000_000, -4);
  });

  it('falls towards zero when bytes stop coming', () => {
    const window = steady(1_000_000, 100, 10_000);
    const moving = bytesPerSecond(window, 10_000) ?? 0;
    const stalled = bytesPerSecond(window, 12_500) ?? Infinity;
    expect(stalled).toBeLessThan(moving);
    expect(bytesPerSecond(window, 10_000 + RATE_WINDOW_MS + 1)).toBe(0);
  });

  it('never goes negative when a counter is read lower (a restarted file)', () => {
    const window = addSample(addSample([], 0, 5_000), 2_000, 1_000);
    expect(bytesPerSecond(window, 2_000)).toBe(0);
  });
});

describe('addSample', () => {
  it('keeps a bounded window however many readings come', () => {
    const window = steady(1_000_000, 1, 60_000);
    expect(window.length).toBeLessThanOrEqual(RATE_WINDOW_MS / 100 + 3);
    expect(window[window.length - 1]).toEqual({ at: 60_000, bytes: 60_000_000 });
  });

  it('keeps a baseline at or before the start of the window', () => {
    const window = steady(1_000, 1_000, 30_000);
    expect(window[0]?.at).toBeLessThanOrEqual(30_000 - RATE_WINDOW_MS);
    expect(window[1]?.at).toBeGreaterThan(30_000 - RATE_WINDOW_MS);
  });
});

describe('timeLeft', () => {
  it('divides what is left by the speed', () => {
    expect(timeLeft(10_000_000, 2_000_000)).toBe(5_000);
    expect(timeLeft(0, undefined)).toBe(0);
  });

  it('is unknown without a speed', () => {
    expect(timeLeft(1, undefined)).toBeUndefined();
    expect(timeLeft(1, 0)).toBeUndefined();
  });
});
