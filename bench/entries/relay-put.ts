// relay.put: upload throughput of 256 MiB of chunks to the real relay (Koa, auth, streaming SHA-256,
// temp file + fsync + rename, SQLite index) against a plain node:http server that only writes the
// bodies to files, both in this process on loopback, both on the same filesystem, same client.
import { createHash, randomFillSync } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerUser, startTestRelay, type TestRelay } from '../../relay/src/testing/test-relay.js';
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import { median, megabytesPerSecond } from '../stats.js';
import { uploadChunks, type UploadChunk } from '../lib/chunk-upload.js';
import { startPlainChunkServer, type PlainChunkServer } from '../lib/plain-chunk-server.js';

/** The relay's largest chunk (MAX_CHUNK_BYTES), so per-request costs weigh least against the disk. */
const CHUNK_BYTES = 4 * 1024 * 1024;
const CHUNK_COUNT = 64;
/** What an uploading client keeps in flight; the same for both sides. */
const CONCURRENCY = 4;
/** Round 0 warms up both servers (JIT, SQLite pages, sockets) and is not counted. */
const MEASURED_ROUNDS = 3;
/** A quarter of the data is enough to warm up, and keeps the entry well inside its minute on a busy disk. */
const WARM_UP_CHUNKS = 16;

type Side = { readonly name: 'ours' | 'baseline'; readonly url: string; readonly token: string };

export const relayPut: BenchEntry = {
  id: 'relay.put',
  unit: 'MB/s',
  better: 'higher',
  timeoutMs: 60_000,
  async run({ log, signal }: RunContext): Promise<Measurement> {
    // One parent folder holds both data dirs, so both sides write to the same filesystem.
    const root = await mkdtemp(join(tmpdir(), 'sheaf-bench-relay-put-'));
    let relay: TestRelay | undefined;
    let plain: PlainChunkServer | undefined;
    try {
      const relayDir = join(root, 'relay');
      const plainDir = join(root, 'plain');
      await mkdir(relayDir);
      await mkdir(plainDir);
      relay = await startTestRelay({ dataDir: relayDir });
      plain = await startPlainChunkServer(plainDir);
      const { token } = await registerUser(relay.url);
      const sides: readonly Side[] = [
        { name: 'baseline', url: plain.url, token },
        { name: 'ours', url: relay.url, token },
      ];

      const chunks = randomChunks();
      const rates: Record<Side['name'], number[]> = { ours: [], baseline: [] };
      for (let round = 0; round <= MEASURED_ROUNDS; round++) {
        // New bytes every round: the relay skips the write of a chunk it already holds, and that
        // shortcut is not what this entry measures.
        const stamped = stampRound(round === 0 ? chunks.slice(0, WARM_UP_CHUNKS) : chunks, round);
        // Alternating who goes first spreads the shared disk's slow spells over both sides.
        const order = round % 2 === 0 ? sides : [...sides].reverse();
        for (const side of order) {
          const started = performance.now();
          await uploadChunks(stamped, { baseUrl: side.url, token: side.token, concurrency: CONCURRENCY, signal });
          const rate = megabytesPerSecond(CHUNK_BYTES * stamped.length, performance.now() - started);
          log(`${round === 0 ? 'warm-up' : `round ${round}`} ${side.name}: ${rate.toFixed(0)} MB/s`);
          if (round > 0) rates[side.name].push(rate);
        }
        // The baseline never fsyncs: deleting its files drops their dirty pages before they are
        // flushed in the middle of the relay's next run.
        await emptyFolder(plainDir);
      }
      return {
        ours: median(rates.ours),
        baseline: median(rates.baseline),
        note: `${CHUNK_COUNT} × ${CHUNK_BYTES / 1024 / 1024} MiB, ${CONCURRENCY} in flight, median of ${MEASURED_ROUNDS} after a warm-up; baseline: node:http piping to files, no fsync`,
      };
    } finally {
      await plain?.close();
      await relay?.close();
      await rm(root, { recursive: true, force: true });
    }
  },
};

/** 256 MiB of random bytes in one allocation, viewed as chunks: generated once, never copied. */
function randomChunks(): Buffer[] {
  const all = Buffer.allocUnsafeSlow(CHUNK_BYTES * CHUNK_COUNT);
  randomFillSync(all);
  return Array.from({ length: CHUNK_COUNT }, (_, i) => all.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES));
}

/** Makes every chunk unique to `round` in place (its first 8 bytes) and hashes it, outside the timing. */
function stampRound(chunks: readonly Buffer[], round: number): UploadChunk[] {
  return chunks.map((bytes, index) => {
    bytes.writeUInt32BE(round, 0);
    bytes.writeUInt32BE(index, 4);
    return { hash: createHash('sha256').update(bytes).digest('hex'), bytes };
  });
}

async function emptyFolder(dir: string): Promise<void> {
  for (const name of await readdir(dir)) await rm(join(dir, name), { force: true });
}
