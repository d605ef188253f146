// drive.change: one rename in a drive of 100,000 files, from command to updated folder listing
// (the operation made, written into the Automerge document, applied to the tree, the folder listed),
// against the same rename in a drive of 100 files. Target ratio: at most 2.
import * as Automerge from '@automerge/automerge';
import { rename } from '../../shared/src/drive/drive-commands.js';
import { writeOps } from '../../shared/src/drive/drive-document.js';
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import { driveFixture, type DriveFixture } from '../lib/drive-fixture.js';
import { median } from '../stats.js';

const BIG = 100_000;
const SMALL = 100;
const RENAMES = 60;
const WARM_UP = 10;

function renameCost(fixture: DriveFixture, label: string): number {
  const times: number[] = [];
  for (let i = 0; i < RENAMES + WARM_UP; i++) {
    const file = fixture.files[(i * 37) % fixture.files.length];
    if (file === undefined) throw new Error('empty fixture');
    const started = performance.now();
    const made = fixture.replica.run((a, t) => rename(a, t, file, `${label} renamed ${i}.txt`));
    if (!made.ok) throw new Error(made.error.message);
    fixture.doc = Automerge.change(fixture.doc, (d) =>
      writeOps(d, made.value, (s) => new Automerge.ImmutableString(s)),
    );
    const node = fixture.replica.tree().nodes.get(file);
    if (node === undefined) throw new Error('renamed file vanished');
    fixture.replica.tree().children(node.parent);
    if (i >= WARM_UP) times.push(performance.now() - started);
  }
  return median(times);
}

export const driveChange: BenchEntry = {
  id: 'drive.change',
  unit: 'ms',
  better: 'lower',
  timeoutMs: 120_000,
  run({ log }: RunContext): Promise<Measurement> {
    log(`building a drive of ${BIG} files`);
    const big = driveFixture(BIG);
    const small = driveFixture(SMALL);
    log('renaming');
    const ours = renameCost(big, 'big');
    const baseline = renameCost(small, 'small');
    return Promise.resolve({
      ours,
      baseline,
      note: `median of ${RENAMES} renames: command + Automerge change (256 shards) + tree update + folder listing; ${BIG} vs ${SMALL} files`,
    });
  },
};
