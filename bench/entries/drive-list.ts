// drive.list: listing a folder of 10,000 children as the UI does after a change (live children,
// sorted by name), against sorting the same 10,000 names alone: the floor for any listing.
import { createFile, rename } from '../../shared/src/drive/drive-commands.js';
import { ROOT } from '../../shared/src/drive/node-id.js';
import type { Content } from '../../shared/src/drive/ops.js';
import { ChunkHash } from '../../shared/src/ids.js';
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import { driveFixture } from '../lib/drive-fixture.js';
import { median } from '../stats.js';

const CHILDREN = 10_000;
const ROUNDS = 30;

export const driveList: BenchEntry = {
  id: 'drive.list',
  unit: 'ms',
  better: 'lower',
  timeoutMs: 120_000,
  run({ log }: RunContext): Promise<Measurement> {
    const fixture = driveFixture(0);
    const replica = fixture.replica;
    log(`filling a folder with ${CHILDREN} files`);
    const content: Content = {
      hash: ChunkHash.parse('0'.repeat(64)),
      size: 1,
      mediaType: 'text/plain',
      manifest: { size: 1, chunks: [] },
    };
    for (let i = 0; i < CHILDREN; i++) replica.run((a, t) => createFile(a, t, ROOT, `item ${i}.txt`, content));
    const first = replica.tree().children(ROOT)[0];
    if (first === undefined) throw new Error('empty folder');
    const ours: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // A rename in the folder drops the cached listing, as any change would.
      const made = replica.run((a, t) => rename(a, t, first.id, `item renamed ${i}.txt`));
      if (!made.ok) throw new Error(made.error.message);
      let started = performance.now();
      const listed = replica.tree().children(ROOT);
      ours.push(performance.now() - started);
      const names = listed.map((n) => String(n.name));
      started = performance.now();
      names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      baseline.push(performance.now() - started);
    }
    return Promise.resolve({
      ours: median(ours),
      baseline: median(baseline),
      note: `median of ${ROUNDS} listings of ${CHILDREN} live children after a rename; baseline sorts the same names`,
    });
  },
};
