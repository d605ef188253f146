// The pure half of the runner: command-line options, entry selection, the report's schema and
// its table. Nothing here touches the network, the disk or the clock, so it is unit tested alone.
import { z } from 'zod';
import { err, ok, type Result } from '@sheaf/shared/result';
import type { BenchEntry, Measurement } from './entry.js';

export const BenchResult = z.object({
  id: z.string().min(1),
  unit: z.string().min(1),
  ours: z.number().finite(),
  /** Measured in the same run on the same machine; null only where no baseline exists. */
  baseline: z.number().finite().nullable(),
  /** ours / baseline; null when there is no baseline to divide by. */
  ratio: z.number().finite().nullable(),
  better: z.enum(['higher', 'lower']),
});
export type BenchResult = z.infer<typeof BenchResult>;

/** What `bench/results/latest.json` holds. */
export const BenchReport = z.object({
  results: z.array(BenchResult),
  /** When and where: a figure means little without the machine it came from. */
  generatedAt: z.iso.datetime(),
  machine: z.object({ cpus: z.number().int().positive(), node: z.string(), platform: z.string() }),
});
export type BenchReport = z.infer<typeof BenchReport>;

/**
 * Four significant digits: run-to-run noise on a shared disk is several percent, so more digits
 * would only pretend to a precision the figures do not have.
 */
export const roundFigure = (value: number): number => (value === 0 ? 0 : Number(value.toPrecision(4)));

/** ours / baseline, or null when there is no usable baseline (none, zero, or not finite). */
export function ratio(ours: number, baseline: number | null): number | null {
  if (baseline === null || baseline === 0 || !Number.isFinite(baseline) || !Number.isFinite(ours)) return null;
  return roundFigure(ours / baseline);
}

/** One row of the report; the ratio is taken from the rounded figures so that the file agrees with itself. */
export function toResult(entry: Pick<BenchEntry, 'id' | 'unit' | 'better'>, measured: Measurement): BenchResult {
  const ours = roundFigure(measured.ours);
  const baseline = measured.baseline === null ? null : roundFigure(measured.baseline);
  return BenchResult.parse({
    id: entry.id,
    unit: entry.unit,
    ours,
    baseline,
    ratio: ratio(ours, baseline),
    better: entry.better,
  });
}

export type BenchOptions = { readonly only: readonly string[] };

export const USAGE = 'usage: npm run bench [-- --only ID_PREFIX [--only ID_PREFIX ...]]';

/** Reads `--only PREFIX` / `--only=PREFIX` (repeatable: the union is run); anything else is a usage error. */
export function parseArgs(args: readonly string[]): Result<BenchOptions, string> {
  const only: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--only') {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--') || value === '')
        return err(`--only needs an id prefix\n${USAGE}`);
      only.push(value);
      i++;
    } else if (arg.startsWith('--only=')) {
      const value = arg.slice('--only='.length);
      if (value === '') return err(`--only needs an id prefix\n${USAGE}`);
      only.push(value);
    } else {
      return err(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
    }
  }
  return ok({ only });
}

/** Entries whose id starts with one of the prefixes, in registry order; all of them without a prefix. */
export function selectEntries<E extends Pick<BenchEntry, 'id'>>(entries: readonly E[], only: readonly string[]): E[] {
  if (only.length === 0) return [...entries];
  return entries.filter((entry) => only.some((prefix) => entry.id.startsWith(prefix)));
}

/** A figure for people: whole numbers from 100 up, fewer decimals as it grows. */
export function formatFigure(value: number | null): string {
  if (value === null) return '–';
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  return value.toFixed(magnitude >= 1 ? 2 : 3);
}

const COLUMNS = ['id', 'unit', 'ours', 'baseline', 'ratio', 'better'] as const;
const RIGHT_ALIGNED = new Set<string>(['ours', 'baseline', 'ratio']);

/** A plain-text table, one row per result, numbers right-aligned, for the terminal and for reports. */
export function formatTable(results: readonly BenchResult[]): string {
  const rows = results.map((r) => ({
    id: r.id,
    unit: r.unit,
    ours: formatFigure(r.ours),
    baseline: formatFigure(r.baseline),
    ratio: r.ratio === null ? '–' : `${r.ratio.toFixed(2)}×`,
    better: r.better,
  }));
  const widths = COLUMNS.map((column) => Math.max(column.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? cell.length;
        return RIGHT_ALIGNED.has(COLUMNS[i] ?? '') ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [
    line(COLUMNS),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((row) => line(COLUMNS.map((c) => row[c]))),
  ].join('\n');
}
