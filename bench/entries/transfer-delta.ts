// transfer.delta: what a new version costs on the wire. A 64 MiB random file is uploaded to the
// relay, then the same file with one byte inserted in its middle is uploaded under the same name
// (a second version); the figure is the chunk bytes PUT for the second version over 64 MiB. The
// client is the chunking one of transfer.upload_1g: FastCDC finds the same boundaries away from the
// edit, so `missing` answers only the chunks around it.
import { createHash, randomFillSync } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedChunkRanges } from '@sheaf/shared/chunking/fixed-chunks';
import { registerUser, startTestRelay, type TestRelay } from '../../relay/src/testing/test-relay.js';
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import { uploadFileChunked } from '../lib/chunked-upload.js';
import { writeSyncedFile } from '../lib/random-file.js';

const FILE_BYTES = 64 * 1024 * 1024;
const NAME = 'delta.bin';

export const transferDelta: BenchEntry = {
  id: 'transfer.delta',
  unit: 'ratio',
  better: 'lower',
  timeoutMs: 60_000,
  async run({ log, signal }: RunContext): Promise<Measurement> {
    const root = await mkdtemp(join(tmpdir(), 'sheaf-bench-delta-'));
    let relay: TestRelay | undefined;
    try {
      const first = Buffer.allocUnsafeSlow(FILE_BYTES);
      randomFillSync(first);
      const middle = FILE_BYTES / 2;
      const second = Buffer.concat([first.subarray(0, middle), Buffer.from([0x2a]), first.subarray(middle)]);
      await writeSyncedFile(join(root, 'v1.bin'), first);
      await writeSyncedFile(join(root, 'v2.bin'), second);

      await mkdir(join(root, 'relay'));
      relay = await startTestRelay({ dataDir: join(root, 'relay') });
      const { token } = await registerUser(relay.url);
      const target = { baseUrl: relay.url, token, signal };
      const options = { name: NAME, concurrency: 4, missingBatch: 32 };
      const v1 = await uploadFileChunked(join(root, 'v1.bin'), target, options);
      const v2 = await uploadFileChunked(join(root, 'v2.bin'), target, options);
      if (v2.commit.fileId !== v1.commit.fileId || v2.commit.version !== 2 || v2.commit.size !== FILE_BYTES + 1) {
        throw new Error(`the second upload was not recorded as version 2 of ${NAME}: ${JSON.stringify(v2.commit)}`);
      }
      const ratio = v2.putBytes / FILE_BYTES;
      log(
        `v1: ${v1.putChunks} chunks, ${v1.putBytes} bytes PUT; v2: ${v2.putChunks} of ${v2.manifest.chunks.length} chunks, ${v2.putBytes} bytes`,
      );
      const fixed = fixedBlocksResent(first, second);
      return {
        ours: ratio,
        baseline: null,
        note: `64 MiB random, 1 byte inserted at 32 MiB, uploaded as version 2 through /chunks/missing: ${v2.putChunks} of ${v2.manifest.chunks.length} FastCDC chunks PUT (${(v2.putBytes / 1024 / 1024).toFixed(2)} MiB); no baseline (a whole-file upload would be 1.0); for comparison, fixed 1 MiB blocks (as the first uploads were cut) would resend ${fixed.resent} of ${fixed.blocks} blocks, ${(fixed.resentBytes / FILE_BYTES).toFixed(2)} of the file`,
      };
    } finally {
      await relay?.close();
      await rm(root, { recursive: true, force: true });
    }
  },
};

/** How many fixed-size blocks of `second` are not among the blocks of `first`, counted locally. */
function fixedBlocksResent(first: Buffer, second: Buffer): { blocks: number; resent: number; resentBytes: number } {
  const hashes = (bytes: Buffer): string[] =>
    fixedChunkRanges(bytes.length).map(([start, end]) =>
      createHash('sha256').update(bytes.subarray(start, end)).digest('hex'),
    );
  const had = new Set(hashes(first));
  const ranges = fixedChunkRanges(second.length);
  let resent = 0;
  let resentBytes = 0;
  hashes(second).forEach((hash, i) => {
    if (had.has(hash)) return;
    resent += 1;
    const [start, end] = ranges[i] ?? [0, 0];
    resentBytes += end - start;
  });
  return { blocks: ranges.length, resent, resentBytes };
}
