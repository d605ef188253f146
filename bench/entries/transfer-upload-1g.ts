// transfer.upload_1g: 1 GiB of random bytes streamed from disk through the FastCDC chunker,
// `missing` in batches, chunk PUTs 4 in flight, one commit, to the real relay in its own process;
// against a plain node:http server (also its own process) that fsyncs every chunk file, same client.
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import { median } from '../stats.js';
import { MISSING_BATCH, UPLOAD_CONCURRENCY, UPLOAD_ROUNDS, transfer1g } from '../lib/transfer-1g.js';

export const transferUpload1g: BenchEntry = {
  id: 'transfer.upload_1g',
  unit: 'MB/s',
  better: 'higher',
  // Shared with download_1g and relay_rss: writing two files, a chunking pass, four uploads, four downloads.
  timeoutMs: 360_000,
  async run(context: RunContext): Promise<Measurement> {
    const { uploadMBps, chunkingMBps, chunks, chunksPut } = await transfer1g(context);
    return {
      ours: median(uploadMBps.ours),
      baseline: median(uploadMBps.baseline),
      note: `1 GiB random streamed from disk, chunkAndHash in the bench process (${chunks} chunks, ${chunksPut} PUT; read + chunk + hash alone ${chunkingMBps.toFixed(0)} MB/s), missing per ${MISSING_BATCH} chunks, ${UPLOAD_CONCURRENCY} PUTs in flight, commit checked for 1 GiB; mean of ${UPLOAD_ROUNDS} runs each (a new file per run, order alternating: baseline, ours, ours, baseline), after a 32 MiB warm-up; both servers in their own process; baseline: node:http writing each chunk to its own file with fsync (the relay also renames and fsyncs the folder), same client`,
    };
  },
};
