// transfer.relay_rss: how far the relay process's resident memory rises above its idle level while
// it takes the 1 GiB uploads of transfer.upload_1g, against the same figure for the plain server
// process taking the same uploads: both are node processes running the same loader, so the
// difference is what the relay holds per request (Koa, whole chunks before their write, SQLite,
// the drive document).
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import { transfer1g, type MemoryGrowth } from '../lib/transfer-1g.js';

const mib = (kib: number): string => (kib / 1024).toFixed(0);
const describe = (m: MemoryGrowth): string =>
  `idle ${mib(m.idleKiB)}, ${mib(m.beforeKiB)} before, peak ${mib(m.peakKiB)}`;

export const transferRelayRss: BenchEntry = {
  id: 'transfer.relay_rss',
  unit: 'MiB',
  better: 'lower',
  timeoutMs: 360_000,
  async run(context: RunContext): Promise<Measurement> {
    const { memory } = await transfer1g(context);
    const how = memory.ours.peakWasReset
      ? 'VmHWM reset (clear_refs) before each upload and VmRSS polled every 50 ms'
      : 'VmRSS polled every 50 ms';
    return {
      ours: (memory.ours.peakKiB - memory.ours.idleKiB) / 1024,
      baseline: (memory.baseline.peakKiB - memory.baseline.idleKiB) / 1024,
      note: `peak RSS during the 1 GiB uploads minus RSS after start and sign-up, before any upload (MiB: relay ${describe(memory.ours)}; plain ${describe(memory.baseline)}); ${how}; baseline: the plain server process taking the same uploads`,
    };
  },
};
