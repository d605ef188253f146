// The real entry point as a process: it serves, and on SIGTERM it finishes an in-flight upload,
// closes the database and exits 0.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { registerUser } from './testing/test-relay.js';
import { spawnRelay } from './testing/spawn-relay.js';

it('finishes an in-flight chunk upload on SIGTERM, then exits 0', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sheaf-main-'));
  const { child, url, exited } = await spawnRelay(dataDir);
  try {
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
    expect(await exited()).toBe(0);
  } finally {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
});
