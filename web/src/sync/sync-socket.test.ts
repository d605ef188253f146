// The sync socket against a real WebSocket server in Node: every (re)connection carries the token
// of the moment, and a 4401 close is reported as this device being signed out.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { PeerId } from '@automerge/automerge-repo';
import { CLOSE_SIGNED_OUT, SyncSocket } from './sync-socket.js';

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

const servers: WebSocketServer[] = [];
const sockets: SyncSocket[] = [];

const CONNECTING = 0;
const OPEN = 1;
/** The adapter's retry interval here; it also redials a socket not open by then. */
const RETRY_MS = 200;

afterEach(async () => {
  for (const socket of sockets.splice(0)) {
    socket.close();
    // Node's ws throws when a socket still connecting is closed: let it finish first.
    await until(() => socket.socket?.readyState !== CONNECTING);
    socket.disconnect();
  }
  for (const server of servers) for (const client of server.clients) client.terminate();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function relay(): Promise<{ server: WebSocketServer; port: number; tokens: string[] }> {
  const server = new WebSocketServer({ port: 0 });
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no port');
  const tokens: string[] = [];
  server.on('connection', (_socket, request) => {
    tokens.push(new URL(request.url ?? '/', 'http://relay').searchParams.get('token') ?? '');
  });
  return { server, port: address.port, tokens };
}

describe('SyncSocket', () => {
  it('dials every connection with the token of the moment', async () => {
    const { server, port, tokens } = await relay();
    let token = 'first';
    let signedOut = 0;
    const socket = new SyncSocket(
      () => `ws://127.0.0.1:${port}/sync?token=${token}`,
      () => (signedOut += 1),
      RETRY_MS,
    );
    sockets.push(socket);
    socket.connect('peer-a' as PeerId);
    await until(() => socket.socket?.readyState === OPEN);
    const before = tokens.length;
    expect(new Set(tokens)).toEqual(new Set(['first']));
    token = 'renewed';
    // A dropped connection (not a sign-out) is dialled again by the adapter, with the new token.
    for (const client of server.clients) client.close(1001, 'going away');
    await until(() => tokens.length > before);
    expect(new Set(tokens.slice(before))).toEqual(new Set(['renewed']));
    expect(socket.url).toContain('token=renewed');
    expect(signedOut).toBe(0);
  });

  it('reports a 4401 close once, as this device signed out, and dials no more', async () => {
    const { server, port, tokens } = await relay();
    let signedOut = 0;
    const socket = new SyncSocket(
      () => `ws://127.0.0.1:${port}/sync?token=t`,
      () => (signedOut += 1),
      RETRY_MS,
    );
    sockets.push(socket);
    socket.connect('peer-b' as PeerId);
    await until(() => socket.socket?.readyState === OPEN);
    const before = tokens.length;
    for (const client of server.clients) client.close(CLOSE_SIGNED_OUT, 'signed out');
    await until(() => signedOut === 1);
    // The adapter's own reconnection (due after RETRY_MS) does nothing: the device is signed out.
    await new Promise((resolve) => setTimeout(resolve, 3 * RETRY_MS));
    expect(tokens).toHaveLength(before);
    expect(signedOut).toBe(1);
  });

  it('dials no more once closed, even when a reconnection was already scheduled', async () => {
    const { server, port, tokens } = await relay();
    const socket = new SyncSocket(
      () => `ws://127.0.0.1:${port}/sync?token=t`,
      () => undefined,
      RETRY_MS,
    );
    sockets.push(socket);
    socket.connect('peer-c' as PeerId);
    await until(() => socket.socket?.readyState === OPEN);
    const before = tokens.length;
    for (const client of server.clients) client.close(1001, 'going away');
    socket.close();
    await new Promise((resolve) => setTimeout(resolve, 3 * RETRY_MS));
    expect(tokens).toHaveLength(before);
  });
});
