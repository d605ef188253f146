// Every benchmark, in the order `npm run bench` runs them. A new benchmark is one file in entries/
// exporting a BenchEntry, plus one line here.
import type { BenchEntry } from './entry.js';
import { hashWorker } from './entries/hash-worker.js';
import { relayPut } from './entries/relay-put.js';
import { driveChange } from './entries/drive-change.js';
import { driveList } from './entries/drive-list.js';
import { driveOpen } from './entries/drive-open.js';
import { driveSyncLatency, driveSyncLatencyP99 } from './entries/drive-sync-latency.js';

export const entries: readonly BenchEntry[] = [
  relayPut,
  hashWorker,
  driveChange,
  driveList,
  driveOpen,
  driveSyncLatency,
  driveSyncLatencyP99,
];
