// What the chunk + hash bench page offers the Node side, which drives the runs one side at a time
// (so that it can take each side's CPU time around it). The page imports only the types; the
// transfer.chunk_hash_worker entry parses what comes back through page.evaluate with the schemas.
import { z } from 'zod';

export type ChunkHashBenchOptions = {
  readonly files: number;
  readonly fileMiB: number;
};

export const ChunkHashBenchSetup = z.object({
  /** Workers on each side: the app's default, one fewer than navigator.hardwareConcurrency, at least one. */
  workers: z.number().int().positive(),
  hardwareConcurrency: z.number().int().positive(),
  files: z.number().int().positive(),
  fileBytes: z.number().int().positive(),
  /** The baseline digests the bytes in pieces of this size. */
  pieceBytes: z.number().int().positive(),
  /** What ours asks chunkFile for, as the app's upload does. */
  batchBytes: z.number().int().positive(),
  /** Chunks FastCDC cut, over all files. */
  chunks: z.number().int().positive(),
});
export type ChunkHashBenchSetup = z.infer<typeof ChunkHashBenchSetup>;

/** Ours: every file through the app's chunk pool. Baseline: crypto.subtle.digest alone over the same bytes. */
export type ChunkHashSide = 'ours' | 'baseline';

/** One timed pass of a side over all the files, decimal MB/s. */
export const SideRate = z.number().positive().finite();

declare global {
  interface Window {
    /** Makes the files and starts both sides' workers, warming them up and checking every hash. */
    prepareChunkHashBench?: (options: ChunkHashBenchOptions) => Promise<ChunkHashBenchSetup>;
    timeChunkHashSide?: (side: ChunkHashSide) => Promise<number>;
    /** Stops every worker the bench started. */
    endChunkHashBench?: () => void;
  }
}
