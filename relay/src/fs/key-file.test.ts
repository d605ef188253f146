import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateMasterKey, MASTER_KEY_FILE } from '../blobs/master-key.js';
import { loadOrCreateKeyFile } from './key-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sheaf-keys-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('key files', () => {
  it('are made once, readable only by their owner, and read back the same', async () => {
    const path = join(dir, 'a.key');
    const first = await loadOrCreateKeyFile(path, 32);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(await loadOrCreateKeyFile(path, 32)).equals(Buffer.from(first))).toBe(true);
  });

  it('refuse a file that holds a key of the wrong length rather than replace it', async () => {
    const path = join(dir, 'short.key');
    await writeFile(path, Buffer.from('short').toString('base64url'));
    await expect(loadOrCreateKeyFile(path, 32)).rejects.toThrow(/32-byte key/);
    expect(await readFile(path, 'utf8')).toBe(Buffer.from('short').toString('base64url'));
  });

  it('take the master key from SHEAF_MASTER_KEY when set, and then write no file', async () => {
    const hex = 'ab'.repeat(32);
    const key = await loadOrCreateMasterKey(dir, hex);
    expect(Buffer.from(key).toString('hex')).toBe(hex);
    await expect(stat(join(dir, MASTER_KEY_FILE))).rejects.toThrow();
    expect((await loadOrCreateMasterKey(dir, undefined)).length).toBe(32);
    expect((await stat(join(dir, MASTER_KEY_FILE))).mode & 0o777).toBe(0o600);
  });
});
