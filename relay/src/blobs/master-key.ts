// The key chunks are sealed with at rest: SHEAF_MASTER_KEY when the deployment keeps it elsewhere
// (a secret manager), otherwise a file in the data directory made on first start. Losing it loses
// every sealed chunk, so the README says to back it up with the data.
import { join } from 'node:path';
import { loadOrCreateKeyFile } from '../fs/key-file.js';
import { MASTER_KEY_BYTES, masterKeyFromEnv } from './chunk-seal.js';

export const MASTER_KEY_FILE = 'master.key';

export async function loadOrCreateMasterKey(dataDir: string, fromEnv: string | undefined): Promise<Uint8Array> {
  return masterKeyFromEnv(fromEnv) ?? loadOrCreateKeyFile(join(dataDir, MASTER_KEY_FILE), MASTER_KEY_BYTES);
}
