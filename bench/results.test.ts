import { describe, expect, it } from 'vitest';
import type { BenchEntry } from './entry.js';
import {
  BenchReport,
  formatFigure,
  formatTable,
  parseArgs,
  ratio,
  roundFigure,
  selectEntries,
  toResult,
} from './results.js';
import { median, megabytesPerSecond } from './stats.js';

const entry = (id: string): Pick<BenchEntry, 'id' | 'unit' | 'better'> => ({ id, unit: 'MB/s', better: 'higher' });

describe('ratio', () => {
  it('divides ours by the baseline', () => {
    expect(ratio(300, 600)).toBe(0.5);
    expect(ratio(900, 300)).toBe(3);
  });

  it('is null without a usable baseline', () => {
    expect(ratio(1, null)).toBeNull();
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(1, Number.NaN)).toBeNull();
    expect(ratio(Number.POSITIVE_INFINITY, 1)).toBeNull();
  });

  it('keeps four significant digits', () => {
    expect(ratio(1, 3)).toBe(0.3333);
    expect(roundFigure(1234.5678)).toBe(1235);
    expect(roundFigure(0.000123456)).toBe(0.0001235);
    expect(roundFigure(0)).toBe(0);
  });
});

describe('toResult', () => {
  it('rounds the figures and takes the ratio from the rounded ones, so the file agrees with itself', () => {
    const result = toResult(entry('relay.put'), { ours: 263.44444, baseline: 612.0001, note: 'not stored' });
    expect(result).toEqual({
      id: 'relay.put',
      unit: 'MB/s',
      ours: 263.4,
      baseline: 612,
      ratio: roundFigure(263.4 / 612),
      better: 'higher',
    });
    expect(result).not.toHaveProperty('note');
  });

  it('keeps a missing baseline as null, with a null ratio', () => {
    expect(toResult(entry('x.y'), { ours: 5, baseline: null })).toMatchObject({ baseline: null, ratio: null });
  });

  it('refuses a figure that is not a number', () => {
    expect(() => toResult(entry('x.y'), { ours: Number.NaN, baseline: 1 })).toThrow();
  });
});

describe('BenchReport', () => {
  const report = {
    results: [toResult(entry('relay.put'), { ours: 250, baseline: 500 })],
    generatedAt: '2026-01-02T03:04:05.000Z',
    machine: { cpus: 2, node: 'v20.20.2', platform: 'linux-x64' },
  };

  it('accepts the shape run.ts writes, after a JSON round trip', () => {
    const parsed = BenchReport.parse(JSON.parse(JSON.stringify(report)));
    expect(parsed.results).toEqual([
      { id: 'relay.put', unit: 'MB/s', ours: 250, baseline: 500, ratio: 0.5, better: 'higher' },
    ]);
  });

  it('refuses a result without a direction or with an unknown one', () => {
    const [first] = report.results;
    expect(BenchReport.safeParse({ ...report, results: [{ ...first, better: undefined }] }).success).toBe(false);
    expect(BenchReport.safeParse({ ...report, results: [{ ...first, better: 'faster' }] }).success).toBe(false);
  });

  it('refuses a report without results', () => {
    expect(BenchReport.safeParse({ ...report, results: undefined }).success).toBe(false);
  });
});

describe('parseArgs', () => {
  it('runs everything without arguments', () => {
    expect(parseArgs([])).toEqual({ ok: true, value: { only: [] } });
  });

  it('reads --only PREFIX and --only=PREFIX, repeatable', () => {
    expect(parseArgs(['--only', 'relay.', '--only=hash'])).toEqual({ ok: true, value: { only: ['relay.', 'hash'] } });
  });

  it('refuses --only without a prefix and unknown arguments', () => {
    expect(parseArgs(['--only']).ok).toBe(false);
    expect(parseArgs(['--only', '--only', 'x']).ok).toBe(false);
    expect(parseArgs(['--only=']).ok).toBe(false);
    expect(parseArgs(['relay.']).ok).toBe(false);
  });
});

describe('selectEntries', () => {
  const entries = [{ id: 'relay.put' }, { id: 'relay.get' }, { id: 'hash.worker' }];

  it('keeps every entry without a prefix', () => {
    expect(selectEntries(entries, [])).toEqual(entries);
  });

  it('keeps entries whose id starts with a prefix, in registry order', () => {
    expect(selectEntries(entries, ['relay.']).map((e) => e.id)).toEqual(['relay.put', 'relay.get']);
    expect(selectEntries(entries, ['hash', 'relay.put']).map((e) => e.id)).toEqual(['relay.put', 'hash.worker']);
  });

  it('matches by prefix only, not anywhere in the id', () => {
    expect(selectEntries(entries, ['put'])).toEqual([]);
  });
});

describe('formatTable', () => {
  it('aligns columns, right-aligns numbers and marks a missing baseline', () => {
    const table = formatTable([
      toResult(entry('relay.put'), { ours: 263.4, baseline: 612 }),
      toResult({ id: 'sync.latency', unit: 'ms', better: 'lower' }, { ours: 8.25, baseline: null }),
    ]);
    expect(table.split('\n')).toEqual([
      'id            unit  ours  baseline  ratio  better',
      '------------  ----  ----  --------  -----  ------',
      'relay.put     MB/s   263       612  0.43×  higher',
      'sync.latency  ms    8.25         –      –  lower',
    ]);
  });

  it('prints only the header for no results', () => {
    expect(formatTable([]).split('\n')).toHaveLength(2);
  });

  it('gives fewer decimals to larger figures', () => {
    expect([formatFigure(1234.5), formatFigure(56.78), formatFigure(3.14159), formatFigure(0.01234)]).toEqual([
      '1235',
      '56.8',
      '3.14',
      '0.012',
    ]);
  });
});

describe('stats', () => {
  it('takes the median of odd and even counts, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('measures decimal megabytes per second', () => {
    expect(megabytesPerSecond(256 * 1024 * 1024, 1000)).toBeCloseTo(268.435, 3);
  });
});
