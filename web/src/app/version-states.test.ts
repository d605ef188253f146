import { describe, expect, it } from 'vitest';
import type { VersionEntry } from '@sheaf/shared/drive/drive-tree';
import { ActorId, makeOpId } from '@sheaf/shared/drive/op-id';
import { testContent } from '@sheaf/shared/drive/testing';
import { expiredCount, versionRows } from './version-states.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 25, 12);

/** Versions saved `daysAgo` days before NOW, oldest first. */
const versions = (...daysAgo: number[]): VersionEntry[] =>
  daysAgo.map((ago, i) => ({
    op: makeOpId(1000 + i, ActorId.parse('laptop')),
    at: NOW - ago * DAY,
    by: 'u_test',
    device: 'Laptop',
    content: testContent(i),
  }));

const states = (rows: ReturnType<typeof versionRows>): string[] => rows.map((r) => `v${r.number} ${r.state}`);

describe('versionRows', () => {
  it('lists newest first, numbered from the first version, all kept by default', () => {
    expect(states(versionRows(versions(3, 2, 1), { keep: 'all' }, NOW))).toEqual(['v3 current', 'v2 kept', 'v1 kept']);
  });

  it('expires all but the newest `versions` versions', () => {
    expect(states(versionRows(versions(3, 2, 1), { keep: 'count', versions: 1 }, NOW))).toEqual([
      'v3 current',
      'v2 expired',
      'v1 expired',
    ]);
    expect(states(versionRows(versions(3, 2, 1), { keep: 'count', versions: 2 }, NOW))).toEqual([
      'v3 current',
      'v2 kept',
      'v1 expired',
    ]);
  });

  it('expires versions older than `days`, never the current one however old', () => {
    expect(states(versionRows(versions(40, 20, 10), { keep: 'days', days: 30 }, NOW))).toEqual([
      'v3 current',
      'v2 kept',
      'v1 expired',
    ]);
    expect(states(versionRows(versions(400, 300), { keep: 'days', days: 1 }, NOW))).toEqual([
      'v2 current',
      'v1 expired',
    ]);
  });

  it('has nothing to show for a file without versions', () => {
    expect(versionRows([], { keep: 'count', versions: 1 }, NOW)).toEqual([]);
  });
});

describe('expiredCount', () => {
  it('counts the versions a rule would expire across files', () => {
    const files = [{ versions: versions(3, 2, 1) }, { versions: versions(50) }, { versions: versions(40, 1) }];
    expect(expiredCount(files, { keep: 'all' }, NOW)).toBe(0);
    expect(expiredCount(files, { keep: 'count', versions: 1 }, NOW)).toBe(3);
    expect(expiredCount(files, { keep: 'days', days: 30 }, NOW)).toBe(1);
  });
});
