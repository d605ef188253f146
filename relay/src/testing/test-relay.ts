// A real relay for integration tests: real SQLite file, real blob folder, real HTTP on port 0.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { isValidAutomergeUrl, type AutomergeUrl } from '@automerge/automerge-repo';
import { RegisterResponse } from '@sheaf/shared/protocol/auth-register';
import { configFromEnv } from '../config.js';
import { systemClock, type Clock } from '../clock.js';
import { openDatabase } from '../db/database.js';
import { FsBlobStore } from '../blobs/fs-blob-store.js';
import { createChunkSealer } from '../blobs/chunk-seal.js';
import { loadOrCreateMasterKey } from '../blobs/master-key.js';
import { loadOrCreateSigningKey } from '../auth/signing-key.js';
import { createRelay, type Relay } from '../relay.js';

export type TestRelay = {
  readonly relay: Relay;
  readonly url: string;
  readonly dataDir: string;
  /** Closes the relay; the data directory stays until `cleanup`. */
  close(): Promise<void>;
  cleanup(): Promise<void>;
};

export async function startTestRelay(
  options: {
    dataDir?: string;
    clock?: Clock;
    env?: NodeJS.ProcessEnv;
    tls?: { cert: string; key: string };
    /** Where the relay logs; silent (or TEST_LOG_LEVEL) by default. */
    logger?: Logger;
  } = {},
): Promise<TestRelay> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'sheaf-relay-')));
  const config = configFromEnv({ DATA_DIR: dataDir, PORT: '0', WEB_DIR: join(dataDir, 'no-web'), ...options.env });
  const relay = createRelay(config, {
    db: openDatabase(join(dataDir, 'sheaf.sqlite')),
    // Sealed as main.ts opens it, so every relay test runs against sealed chunks.
    blobs: await FsBlobStore.open(join(dataDir, 'blobs'), {
      sealer: createChunkSealer(await loadOrCreateMasterKey(dataDir, config.masterKey)),
    }),
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    clock: options.clock ?? systemClock,
    random: (n) => new Uint8Array(randomBytes(n)),
    signingKey: await loadOrCreateSigningKey(dataDir),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  const { url } = await relay.listen(0, '127.0.0.1');
  return {
    relay,
    url: url.replace('localhost', '127.0.0.1'),
    dataDir,
    close: () => relay.close(),
    cleanup: async () => {
      await relay.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** automerge-repo's own type for a document URL, from our parsed one. */
export function automergeUrl(url: string): AutomergeUrl {
  if (!isValidAutomergeUrl(url)) throw new Error(`not an automerge URL: ${url}`);
  return url;
}

let counter = 0;

/** Registers a fresh account through the public API. */
export async function registerUser(
  url: string,
  password = 'correct horse battery',
): Promise<RegisterResponse & { email: string; password: string }> {
  const email = `user${Date.now()}-${counter++}@example.test`;
  const res = await fetch(`${url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, name: 'Test User' }),
  });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${await res.text()}`);
  return { ...RegisterResponse.parse(await res.json()), email, password };
}
