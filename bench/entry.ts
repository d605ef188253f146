// What one benchmark is: an id, a unit, which direction is better, and a run that measures our
// path and its baseline in the same process, on the same machine, in the same run.

/** Our figure and the baseline's, in the entry's unit; `baseline` is null only where none exists. */
export type Measurement = {
  readonly ours: number;
  readonly baseline: number | null;
  /** One line on how it was measured (sizes, workers, runs), printed under the table. */
  readonly note?: string;
};

export type RunContext = {
  /** Progress for the person watching; goes to stderr so the table stays clean on stdout. */
  readonly log: (message: string) => void;
  /** Aborted when the entry overruns its time budget: stop work and release servers and browsers. */
  readonly signal: AbortSignal;
};

export type BenchEntry = {
  /** Dotted id, `area.what`; `--only PREFIX` selects by prefix of it. */
  readonly id: string;
  readonly unit: string;
  readonly better: 'higher' | 'lower';
  /** The budget the runner enforces; entries stay well under a minute on a 2-core machine. */
  readonly timeoutMs?: number;
  run(context: RunContext): Promise<Measurement>;
};
