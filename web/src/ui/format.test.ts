import { describe, expect, it } from 'vitest';
import { formatBytes, formatRelative, percent } from './format.js';

describe('formatBytes', () => {
  it('reads like a file manager', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(1000)).toBe('1.0 KB');
    expect(formatBytes(3.5 * 1024 * 1024)).toBe('3.7 MB');
    expect(formatBytes(250_000_000)).toBe('250 MB');
    expect(formatBytes(1e12)).toBe('1.0 TB');
  });
});

describe('percent', () => {
  it('is whole, capped, and full for an empty file', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 3)).toBe(100);
    expect(percent(0, 0)).toBe(100);
  });
});

describe('formatRelative', () => {
  it('says how long ago, then falls back to the date', () => {
    const now = Date.UTC(2026, 10, 25, 12);
    expect(formatRelative(now - 10_000, now)).toBe('just now');
    expect(formatRelative(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatRelative(now - 30 * 3_600_000, now)).toBe('yesterday');
    expect(formatRelative(now - 4 * 86_400_000, now)).toBe('4 days ago');
    expect(formatRelative(now - 40 * 86_400_000, now, 'en-US')).toBe('Oct 16');
  });
});
