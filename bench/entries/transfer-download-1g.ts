// transfer.download_1g: GET /api/v1/files/{fileId}/download of the 1 GiB file uploaded by
// transfer.upload_1g, hashed by the client as it streams and checked against the source's SHA-256;
// against a plain node:http server streaming the same bytes from one file on the same disk.
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import { median } from '../stats.js';
import { DOWNLOAD_ROUNDS, transfer1g } from '../lib/transfer-1g.js';

export const transferDownload1g: BenchEntry = {
  id: 'transfer.download_1g',
  unit: 'MB/s',
  better: 'higher',
  timeoutMs: 360_000,
  async run(context: RunContext): Promise<Measurement> {
    const { downloadMBps } = await transfer1g(context);
    return {
      ours: median(downloadMBps.ours),
      baseline: median(downloadMBps.baseline),
      note: `1 GiB (the relay reads each of its ~1,000 sealed chunk files with one read, deciphers it and writes its 64 KiB pieces to the socket one at a time, each once the last is written), SHA-256 of every response checked against the source; after one untimed download each, median of ${DOWNLOAD_ROUNDS} rounds each, order alternating, both from the page cache; baseline: node:http piping one file, same client`,
    };
  },
};
