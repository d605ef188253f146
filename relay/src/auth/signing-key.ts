// The key that signs access tokens: generated into the data directory on first start (mode 0600)
// so that no secret lives in the repository and tokens survive a restart.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from '../fs/atomic-write.js';

const KEY_FILE = 'token-signing.key';
const KEY_BYTES = 32;

export async function loadOrCreateSigningKey(dataDir: string): Promise<Uint8Array> {
  const path = join(dataDir, KEY_FILE);
  try {
    const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64url');
    if (key.length !== KEY_BYTES) throw new Error(`${path} does not hold a ${KEY_BYTES}-byte key`);
    return new Uint8Array(key);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(KEY_BYTES);
  await writeFileAtomic(path, key.toString('base64url'), 0o600);
  return new Uint8Array(key);
}
