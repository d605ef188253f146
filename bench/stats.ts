// Small figures maths shared by the Node runner and the bench pages (so no Node or DOM API here).

/** Middle value (mean of the two middle ones for an even count): robust to one slow run on a noisy disk. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}

/** Decimal megabytes (10^6 bytes) per second, the unit of shared/MEASURED.md. */
export const megabytesPerSecond = (bytes: number, milliseconds: number): number => bytes / 1e6 / (milliseconds / 1000);
