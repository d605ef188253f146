// drive.sync_latency (p50) and drive.sync_latency_p99: a change on device A visible on device B
// through the relay on loopback, over 200 changes, against a plain WebSocket forwarder.
import type { BenchEntry, Measurement, RunContext } from '../entry.js';
import { CHANGES, percentile, syncLatencies } from '../lib/sync-latency.js';

const entry = (id: string, p: number): BenchEntry => ({
  id,
  unit: 'ms',
  better: 'lower',
  timeoutMs: 90_000,
  async run({ log }: RunContext): Promise<Measurement> {
    const { ours, baseline } = await syncLatencies(log);
    return {
      ours: percentile(ours, p),
      baseline: percentile(baseline, p),
      note: `p${p} of ${CHANGES} renames A→relay→B (automerge-repo, 256-shard drive, changes 150 ms apart); baseline: ws forwarder, 300-byte message`,
    };
  },
});

export const driveSyncLatency = entry('drive.sync_latency', 50);
export const driveSyncLatencyP99 = entry('drive.sync_latency_p99', 99);
