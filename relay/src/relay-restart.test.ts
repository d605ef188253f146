// Accounts, chunks and drive documents survive a graceful close and a restart on the same data dir.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { Repo } from '@automerge/automerge-repo';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import type { DriveDocument } from '@sheaf/shared/drive/drive-document';
import { LoginResponse } from '@sheaf/shared/protocol/auth-login';
import { automergeUrl, registerUser, startTestRelay, type TestRelay } from './testing/test-relay.js';

const started: TestRelay[] = [];
afterAll(async () => {
  for (const t of started.reverse()) await t.cleanup();
});

it('keeps everything across a restart', async () => {
  const first = await startTestRelay();
  started.push(first);
  const user = await registerUser(first.url);
  const bytes = randomBytes(50_000);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const put = await fetch(`${first.url}/api/v1/chunks/${hash}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  expect(put.status).toBe(200);
  await first.close();

  const second = await startTestRelay({ dataDir: first.dataDir });
  started.push(second);
  const login = await fetch(`${second.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  const session = LoginResponse.parse(await login.json());
  // The signing key was kept, so the old token still works too.
  const got = await fetch(`${second.url}/api/v1/chunks/${hash}`, {
    headers: { authorization: `Bearer ${user.token}` },
  });
  expect(
    createHash('sha256')
      .update(new Uint8Array(await got.arrayBuffer()))
      .digest('hex'),
  ).toBe(hash);

  const repo = new Repo({
    network: [new WebSocketClientAdapter(`${second.url.replace('http', 'ws')}/sync?token=${session.token}`, 200)],
  });
  try {
    const handle = await repo.find<DriveDocument>(automergeUrl(session.driveUrl), {
      signal: AbortSignal.timeout(10_000),
    });
    expect(handle.doc().schemaVersion).toBe(2);
  } finally {
    await repo.shutdown();
  }
});
