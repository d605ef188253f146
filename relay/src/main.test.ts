// The real entry point as a process: it serves, and on SIGTERM it finishes an in-flight upload,
// closes the database and exits 0.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { registerUser } from './testing/test-relay.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

it('finishes an in-flight chunk upload on SIGTERM, then exits 0', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sheaf-main-'));
  const child = spawn(process.execPath, ['--conditions=sheaf-source', '--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const lines = createInterface({ input: child.stdout });
    const url = await new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => {
        const entry = JSON.parse(line) as { url?: string };
        if (entry.url !== undefined) resolve(entry.url.replace('localhost', '127.0.0.1'));
      });
      child.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
    });
    const user = await registerUser(url);
    const bytes = randomBytes(1024 * 1024);
    const hash = createHash('sha256').update(bytes).digest('hex');

    // Send half the chunk, signal, then the rest: the upload must still land.
    const response = new Promise<number>((resolve, reject) => {
      const req = request(`${url}/api/v1/chunks/${hash}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${user.token}`,
          'content-type': 'application/octet-stream',
          'content-length': bytes.length,
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(bytes.subarray(0, bytes.length / 2), () => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(bytes.subarray(bytes.length / 2)), 300);
      });
    });
    expect(await response).toBe(200);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
  } finally {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
});
