// `npm run bench [-- --only PREFIX]`: runs the registered benchmarks one after another (never two
// at once: they would measure each other), prints a table and writes bench/results/latest.json.
// Run with `node --conditions=sheaf-source --import tsx` so that @sheaf/* resolve to TypeScript.
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchEntry, Measurement } from './entry.js';
import { entries } from './registry.js';
import { BenchReport, formatTable, parseArgs, selectEntries, toResult, type BenchResult } from './results.js';

const RESULTS_FILE = fileURLToPath(new URL('./results/latest.json', import.meta.url));
const DEFAULT_TIMEOUT_MS = 60_000;

/** How long an entry that overran gets to close its servers and browser before the next one starts. */
const CLEANUP_GRACE_MS = 15_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * Runs one entry under its time budget. On overrun the entry is aborted and given a grace period
 * to clean up, so that it is not still writing to disk or hashing while the next entry measures.
 */
async function runWithin(entry: BenchEntry): Promise<Measurement> {
  const budget = entry.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const running = entry.run({
    log: (message) => console.error(`  [${entry.id}] ${message}`),
    signal: controller.signal,
  });
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<'overrun'>((resolve) => {
    timer = setTimeout(() => resolve('overrun'), budget);
  });
  try {
    const first = await Promise.race([running, overrun]);
    if (first !== 'overrun') return first;
  } finally {
    clearTimeout(timer);
  }
  const reason = new Error(`${entry.id} ran over its ${budget / 1000} s budget`);
  controller.abort(reason);
  await Promise.race([running.catch(() => undefined), sleep(CLEANUP_GRACE_MS)]);
  throw reason;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (!options.ok) {
    console.error(options.error);
    return 2;
  }
  const selected = selectEntries(entries, options.value.only);
  if (selected.length === 0) {
    console.error(
      `no benchmark id starts with ${options.value.only.join(' or ')}; ids: ${entries.map((e) => e.id).join(', ')}`,
    );
    return 2;
  }

  const results: BenchResult[] = [];
  const notes: string[] = [];
  let failed = false;
  for (const entry of selected) {
    console.error(`running ${entry.id} …`);
    const started = performance.now();
    try {
      const measured = await runWithin(entry);
      results.push(toResult(entry, measured));
      if (measured.note !== undefined) notes.push(`${entry.id}: ${measured.note}`);
      console.error(`  [${entry.id}] done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      failed = true;
      console.error(
        `  [${entry.id}] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }

  console.log(formatTable(results));
  for (const note of notes) console.log(`  ${note}`);

  // Keep the last good file rather than replace it with an empty one.
  if (results.length === 0) return 1;
  const report = BenchReport.parse({
    results,
    generatedAt: new Date().toISOString(),
    machine: { cpus: availableParallelism(), node: process.version, platform: `${process.platform}-${process.arch}` },
  });
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.error(`wrote ${RESULTS_FILE}`);
  return failed ? 1 : 0;
}

// An entry that overran may have left a socket or a browser behind; exiting explicitly keeps a
// failed run from hanging instead of reporting.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
