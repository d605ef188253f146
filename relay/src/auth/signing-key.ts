// The key that signs access tokens, kept in the data directory so that tokens survive a restart.
import { join } from 'node:path';
import { loadOrCreateKeyFile } from '../fs/key-file.js';

export const loadOrCreateSigningKey = (dataDir: string): Promise<Uint8Array> =>
  loadOrCreateKeyFile(join(dataDir, 'token-signing.key'), 32);
