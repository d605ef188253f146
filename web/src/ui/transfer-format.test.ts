import { describe, expect, it } from 'vitest';
import { formatSpeed, formatTimeLeft } from './transfer-format.js';

describe('formatSpeed', () => {
  it('reads as bytes a second in the app’s units', () => {
    expect(formatSpeed(3_200_000)).toBe('3.2 MB/s');
    expect(formatSpeed(812.4)).toBe('812 bytes/s');
  });
});

describe('formatTimeLeft', () => {
  it('says seconds only near the end, in steps of five', () => {
    expect(formatTimeLeft(0)).toBe('a few seconds left');
    expect(formatTimeLeft(4_200)).toBe('a few seconds left');
    expect(formatTimeLeft(11_000)).toBe('15 s left');
    expect(formatTimeLeft(59_000)).toBe('60 s left');
  });

  it('rounds to minutes, hours and days', () => {
    expect(formatTimeLeft(61_000)).toBe('about 1 min left');
    expect(formatTimeLeft(150_000)).toBe('about 3 min left');
    expect(formatTimeLeft(2 * 3_600_000 + 10 * 60_000)).toBe('about 2 h left');
    expect(formatTimeLeft(5 * 24 * 3_600_000)).toBe('about 5 days left');
  });
});
