// A relay killed with SIGKILL in the middle of a chunk upload, then started again on the same data:
// the chunks stored before stay, the torn one is neither visible nor left on disk, and the upload
// resumes by sending only what `missing` says is missing.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ChunksMissingResponse } from '@sheaf/shared/protocol/chunks-missing';
import { FileCommitResponse } from '@sheaf/shared/protocol/file-commit';
import { api } from './testing/drive-client.js';
import { registerUser } from './testing/test-relay.js';
import { spawnRelay, type SpawnedRelay } from './testing/spawn-relay.js';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function put(url: string, token: string, bytes: Uint8Array): Promise<number> {
  const res = await fetch(`${url}/api/v1/chunks/${sha(bytes)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  return res.status;
}

it('resumes an upload cut by SIGKILL with no torn chunk', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sheaf-kill-'));
  const running: SpawnedRelay[] = [];
  try {
    const first = await spawnRelay(dataDir);
    running.push(first);
    const user = await registerUser(first.url);
    const chunks = [0, 1, 2].map(() => new Uint8Array(randomBytes(2 * 1024 * 1024)));
    const [c0, c1, c2] = chunks as [Uint8Array, Uint8Array, Uint8Array];
    expect(await put(first.url, user.token, c0)).toBe(200);

    // Half of the second chunk is on the wire when the relay dies.
    await new Promise<void>((resolve) => {
      const req = request(`${first.url}/api/v1/chunks/${sha(c1)}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${user.token}`,
          'content-type': 'application/octet-stream',
          'content-length': c1.length,
        },
      });
      req.on('error', () => resolve());
      req.write(c1.subarray(0, c1.length / 2), () => {
        first.child.kill('SIGKILL');
      });
    });
    await first.exited();

    const second = await spawnRelay(dataDir);
    running.push(second);
    const blobs = await readdir(join(dataDir, 'blobs'), { recursive: true, withFileTypes: true });
    const stored = blobs.filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name)).map((e) => e.name);
    expect(stored).toEqual([sha(c0)]);
    // Temp files of the torn write are cleared at start.
    expect(blobs.filter((e) => e.isFile() && e.name.startsWith(sha(c1)))).toEqual([]);

    const rest = api(second.url, user.token);
    const missing = await rest.ok(ChunksMissingResponse, 'POST', '/api/v1/chunks/missing', {
      hashes: chunks.map(sha),
    });
    expect(missing.missing).toEqual([sha(c1), sha(c2)]);
    for (const c of [c1, c2]) expect(await put(second.url, user.token, c)).toBe(200);
    const file = await rest.ok(FileCommitResponse, 'POST', '/api/v1/files/commit', {
      name: 'big.bin',
      manifest: { size: 6 * 1024 * 1024, chunks: chunks.map((c) => ({ hash: sha(c), size: c.length })) },
    });
    const back = await fetch(`${second.url}/api/v1/files/${file.fileId}/download`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(sha(new Uint8Array(await back.arrayBuffer()))).toBe(sha(Buffer.concat(chunks)));
  } finally {
    for (const r of running) r.child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
}, 60_000);
