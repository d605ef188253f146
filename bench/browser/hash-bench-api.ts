// What the hash bench page offers the Node side. The page imports only the type; the hash.worker
// entry parses what comes back through page.evaluate with the schema, as with any wire data.
import { z } from 'zod';

export const HashBenchResult = z.object({
  /** SHA-256 through our worker pool, decimal MB/s. */
  oursMBps: z.number().positive().finite(),
  /** SHA-256 with crypto.subtle.digest on the page's main thread, one buffer after another. */
  baselineMBps: z.number().positive().finite(),
  /** Workers in our pool: the app's default, one fewer than navigator.hardwareConcurrency, at least one. */
  workers: z.number().int().positive(),
  hardwareConcurrency: z.number().int().positive(),
  chunkBytes: z.number().int().positive(),
  /** Timed runs per side; the figures are their medians. */
  runs: z.number().int().positive(),
});
export type HashBenchResult = z.infer<typeof HashBenchResult>;

declare global {
  interface Window {
    /** Hashes `totalMiB` MiB per side per run, after a warm-up that also checks both sides agree. */
    runHashBench?: (totalMiB: number) => Promise<HashBenchResult>;
  }
}
