// Entry point: reads the environment, builds the platform parts, wires the relay, handles signals.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { configFromEnv } from './config.js';
import { systemClock, systemTimers } from './clock.js';
import { openDatabase } from './db/database.js';
import { startWalCheckpoints } from './db/wal-checkpoints.js';
import { FsBlobStore } from './blobs/fs-blob-store.js';
import { createChunkSealer } from './blobs/chunk-seal.js';
import { loadOrCreateMasterKey } from './blobs/master-key.js';
import { loadOrCreateSigningKey } from './auth/signing-key.js';
import { createRelay } from './relay.js';

const config = configFromEnv(process.env);
const logger = pino({ level: config.logLevel });

/** How often the worker checkpoints the WAL (wal-checkpoints.ts): well before SQLite would, under load. */
const CHECKPOINT_INTERVAL_MS = 500;

await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
const db = openDatabase(join(config.dataDir, 'sheaf.sqlite'));
const checkpoints = startWalCheckpoints(db, {
  timers: systemTimers,
  intervalMs: CHECKPOINT_INTERVAL_MS,
  onError: (error) => logger.error({ err: error }, 'WAL checkpoint failed'),
});
const relay = createRelay(config, {
  db,
  blobs: await FsBlobStore.open(join(config.dataDir, 'blobs'), {
    sealer: createChunkSealer(await loadOrCreateMasterKey(config.dataDir, config.masterKey)),
  }),
  logger,
  clock: systemClock,
  random: (n) => new Uint8Array(randomBytes(n)),
  signingKey: await loadOrCreateSigningKey(config.dataDir),
  ...(config.tls === undefined
    ? {}
    : { tls: { cert: await readFile(config.tls.certPath), key: await readFile(config.tls.keyPath) } }),
});
const { url } = await relay.listen();
logger.info({ url, dataDir: config.dataDir }, `Sheaf is serving on ${url}`);

const shutdown = (signal: string): void => {
  logger.info({ signal }, 'shutting down');
  relay
    .close()
    .then(() => checkpoints.close())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
};
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
