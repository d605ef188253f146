// A secret key kept in a file of the data directory: generated on first start (mode 0600, written
// atomically) so that no secret lives in the repository, and read back on every start after.
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from './atomic-write.js';

export async function loadOrCreateKeyFile(path: string, bytes: number): Promise<Uint8Array> {
  try {
    const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64url');
    if (key.length !== bytes) throw new Error(`${path} does not hold a ${bytes}-byte key`);
    return new Uint8Array(key);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(bytes);
  await writeFileAtomic(path, key.toString('base64url'), 0o600);
  return new Uint8Array(key);
}
