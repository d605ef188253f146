// Every benchmark, in the order `npm run bench` runs them. A new benchmark is one file in entries/
// exporting a BenchEntry, plus one line here.
import type { BenchEntry } from './entry.js';
import { hashWorker } from './entries/hash-worker.js';
import { relayPut } from './entries/relay-put.js';
import { driveChange } from './entries/drive-change.js';
import { driveList } from './entries/drive-list.js';
import { driveOpen } from './entries/drive-open.js';
import { driveSyncLatency, driveSyncLatencyP99 } from './entries/drive-sync-latency.js';
import { transferUpload1g } from './entries/transfer-upload-1g.js';
import { transferDownload1g } from './entries/transfer-download-1g.js';
import { transferRelayRss } from './entries/transfer-relay-rss.js';
import { transferSmallFiles } from './entries/transfer-small-files.js';
import { transferDelta } from './entries/transfer-delta.js';
import { transferPageMemory } from './entries/transfer-page-memory.js';
import { transferChunkHashWorker } from './entries/transfer-chunk-hash-worker.js';
import { uiFolder10k } from './entries/ui-folder-10k.js';
import { uiShellRepeat } from './entries/ui-shell-repeat.js';

export const entries: readonly BenchEntry[] = [
  relayPut,
  hashWorker,
  driveChange,
  driveList,
  driveOpen,
  driveSyncLatency,
  driveSyncLatencyP99,
  transferChunkHashWorker,
  transferUpload1g,
  transferDownload1g,
  transferRelayRss,
  transferSmallFiles,
  transferDelta,
  transferPageMemory,
  uiShellRepeat,
  uiFolder10k,
];
