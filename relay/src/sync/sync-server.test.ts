// /sync over a real WebSocket with real automerge-repo clients: who may connect, who sees what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Repo, type DocHandle, type DocumentId, type PeerId } from '@automerge/automerge-repo';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import WebSocket from 'ws';
import { ImmutableString } from '@automerge/automerge-repo';
import { readOps, writeOps, type DriveDocument } from '@sheaf/shared/drive/drive-document';
import { createFolder } from '@sheaf/shared/drive/drive-commands';
import { DriveReplica } from '@sheaf/shared/drive/drive-replica';
import { ActorId } from '@sheaf/shared/drive/op-id';
import { ROOT } from '@sheaf/shared/drive/node-id';
import { randomBytes } from 'node:crypto';
import { automergeUrl, registerUser, startTestRelay, type TestRelay } from '../testing/test-relay.js';

let t: TestRelay;
const repos: Repo[] = [];
beforeAll(async () => {
  t = await startTestRelay();
});
afterAll(async () => {
  // A client whose socket the relay closed (4403) may be reconnecting; closing a socket that is still
  // connecting makes ws emit an error on it, which would otherwise go unhandled.
  for (const repo of repos) {
    for (const adapter of repo.networkSubsystem.adapters) {
      (adapter as unknown as { socket?: WebSocket }).socket?.on('error', () => undefined);
    }
  }
  await Promise.all(repos.map((r) => r.shutdown().catch(() => undefined)));
  await t.cleanup();
});

const wsUrl = (token: string): string => `${t.url.replace('http', 'ws')}/sync?token=${encodeURIComponent(token)}`;

const client = (token: string, peerId?: string): Repo => {
  const repo = new Repo({
    network: [new WebSocketClientAdapter(wsUrl(token), 200)],
    ...(peerId !== undefined ? { peerId: peerId as PeerId } : {}),
  });
  repos.push(repo);
  return repo;
};

/** The HTTP status the relay answered an upgrade with, or 101 when it became a WebSocket. */
const upgradeStatus = (url: string): Promise<{ status: number; socket?: WebSocket }> =>
  new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('open', () => resolve({ status: 101, socket: ws }));
    ws.on('error', () => undefined);
  });

/** Polls until `check` holds (bounded: 10 s), for changes that arrive over the network. */
async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(check()).toBe(true);
}

const closeCode = (ws: WebSocket): Promise<number> => new Promise((resolve) => ws.on('close', (code) => resolve(code)));

describe('sync', () => {
  it('answers an upgrade without a valid token with 401 before any WebSocket exists', async () => {
    expect((await upgradeStatus(`${t.url.replace('http', 'ws')}/sync`)).status).toBe(401);
    expect((await upgradeStatus(wsUrl('not-a-token'))).status).toBe(401);
    const user = await registerUser(t.url);
    const ok = await upgradeStatus(wsUrl(user.token));
    expect(ok.status).toBe(101);
    ok.socket?.close();
  });

  it('carries a change from one device to another device of the same user', async () => {
    const user = await registerUser(t.url);
    const a = client(user.token);
    const b = client(user.token);
    const handleA = await a.find<DriveDocument>(automergeUrl(user.driveUrl));
    const handleB = await b.find<DriveDocument>(automergeUrl(user.driveUrl));
    expect(handleB.doc().schemaVersion).toBe(2);

    const replica = new DriveReplica(ActorId.parse('device-a'), {
      userId: user.userId,
      device: 'Device A',
      now: () => Date.now(),
      random: (n) => new Uint8Array(randomBytes(n)),
    });
    const made = replica.run((a, t) => createFolder(a, t, ROOT, 'Holiday photos'));
    if (!made.ok) throw new Error(made.error.message);
    const seen = new Promise<void>((resolve) => {
      handleB.on('change', ({ doc }) => {
        if (readOps(doc).ops.some((op) => op.t === 'create' && op.name === 'Holiday photos')) resolve();
      });
    });
    handleA.change((d) => writeOps(d, made.value, (text) => new ImmutableString(text)));
    await seen;
    expect(readOps(handleB.doc()).ops).toEqual(made.value);
  });

  it('never gives a document to another user', async () => {
    const owner = await registerUser(t.url);
    const stranger = await registerUser(t.url);
    const repo = client(stranger.token);
    await expect(
      repo.find<DriveDocument>(automergeUrl(owner.driveUrl), { signal: AbortSignal.timeout(5000) }),
    ).rejects.toThrow();
  });

  it('closes with 4403 a socket that claims a peer id bound to another user', async () => {
    const alice = await registerUser(t.url);
    const mallory = await registerUser(t.url);
    const aliceRepo = client(alice.token, 'peer-shared-name');
    await aliceRepo.find<DriveDocument>(automergeUrl(alice.driveUrl));

    const { socket } = await upgradeStatus(wsUrl(mallory.token));
    if (socket === undefined) throw new Error('mallory could not connect');
    const closed = closeCode(socket);
    const { cbor } = await import('@automerge/automerge-repo');
    socket.send(
      cbor.encode({ type: 'join', senderId: 'peer-shared-name', peerMetadata: {}, supportedProtocolVersions: ['1'] }),
    );
    expect(await closed).toBe(4403);
    // Alice is still connected and syncing.
    const handle = await aliceRepo.find<DriveDocument>(automergeUrl(alice.driveUrl));
    expect(handle.doc().schemaVersion).toBe(2);
  });

  /** A drive user's document id, from the URL the relay gave them. */
  const documentOf = (driveUrl: string): DocumentId => automergeUrl(driveUrl).slice('automerge:'.length) as DocumentId;

  /** A folder made as the web app makes one, written into `handle`. */
  const addFolder = (handle: DocHandle<DriveDocument>, userId: string, name: string): void => {
    const replica = new DriveReplica(ActorId.parse(`device-${randomBytes(4).toString('hex')}`), {
      userId,
      device: 'Test device',
      now: () => Date.now(),
      random: (n) => new Uint8Array(randomBytes(n)),
    });
    replica.receive(readOps(handle.doc()).ops);
    const made = replica.run((a, tree) => createFolder(a, tree, ROOT, name));
    if (!made.ok) throw new Error(made.error.message);
    handle.change((d) => writeOps(d, made.value, (text) => new ImmutableString(text)));
  };

  it('lets a viewer read a shared drive, and closes with 4403 a viewer’s socket that sends a change', async () => {
    const owner = await registerUser(t.url);
    const viewer = await registerUser(t.url);
    const ownerRepo = client(owner.token);
    const ownerHandle = await ownerRepo.find<DriveDocument>(automergeUrl(owner.driveUrl));
    addFolder(ownerHandle, owner.userId, 'Shared plans');
    expect(t.relay.documents.share(documentOf(owner.driveUrl), viewer.userId, 'viewer')).toBe(true);

    const viewerRepo = client(viewer.token);
    const viewerHandle = await viewerRepo.find<DriveDocument>(automergeUrl(owner.driveUrl));
    await waitFor(() => readOps(viewerHandle.doc()).ops.some((op) => op.t === 'create' && op.name === 'Shared plans'));

    const closed = new Promise<number>((resolve) => {
      const adapter = viewerRepo.networkSubsystem.adapters[0] as unknown as { socket?: WebSocket };
      adapter.socket?.on('close', (code) => resolve(code));
    });
    addFolder(viewerHandle, viewer.userId, 'Vandalism');
    expect(await closed).toBe(4403);
    // The owner's drive never saw the viewer's change.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readOps(ownerHandle.doc()).ops.some((op) => op.t === 'create' && op.name === 'Vandalism')).toBe(false);
  });

  it('carries an editor’s change to the owner', async () => {
    const owner = await registerUser(t.url);
    const editor = await registerUser(t.url);
    expect(t.relay.documents.share(documentOf(owner.driveUrl), editor.userId, 'editor')).toBe(true);
    const ownerHandle = await client(owner.token).find<DriveDocument>(automergeUrl(owner.driveUrl));
    const editorHandle = await client(editor.token).find<DriveDocument>(automergeUrl(owner.driveUrl));
    addFolder(editorHandle, editor.userId, 'From the editor');
    await waitFor(() =>
      readOps(ownerHandle.doc()).ops.some((op) => op.t === 'create' && op.name === 'From the editor'),
    );
  });

  it('stops sharing with someone whose role was taken back', async () => {
    const owner = await registerUser(t.url);
    const former = await registerUser(t.url);
    const documentId = documentOf(owner.driveUrl);
    t.relay.documents.share(documentId, former.userId, 'viewer');
    t.relay.documents.unshare(documentId, former.userId);
    await expect(
      client(former.token).find<DriveDocument>(automergeUrl(owner.driveUrl), { signal: AbortSignal.timeout(3000) }),
    ).rejects.toThrow();
  });
});
