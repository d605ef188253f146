// Measures how long a change made on device A takes to show on device B through the real relay
// (two automerge-repo clients over WebSocket on loopback), against a plain WebSocket forwarder
// carrying a message of the same size between two sockets. Measured once, read by two entries.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ImmutableString, Repo, type AutomergeUrl } from '@automerge/automerge-repo';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import WebSocket, { WebSocketServer } from 'ws';
import { createFolder, rename } from '../../shared/src/drive/drive-commands.js';
import { writeOps, type DriveDocument } from '../../shared/src/drive/drive-document.js';
import { DriveReplica } from '../../shared/src/drive/drive-replica.js';
import { ROOT } from '../../shared/src/drive/node-id.js';
import { ActorId } from '../../shared/src/drive/op-id.js';
import { automergeUrl, registerUser, startTestRelay } from '../../relay/src/testing/test-relay.js';

export const CHANGES = 200;
const WARM_UP = 20;
/**
 * automerge-repo throttles each document's sync to one round per 100 ms (DocSynchronizer's
 * syncDebounceRate, not configurable through Repo): changes are spaced past it so that each figure
 * is the latency of a change on its own, as a person makes them, not the throttle's queue.
 */
const GAP_MS = 150;

export type Latencies = { readonly ours: number[]; readonly baseline: number[] };

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

let measured: Promise<Latencies> | undefined;

/** Runs the measurement on first use; both latency entries share it. */
export function syncLatencies(log: (m: string) => void): Promise<Latencies> {
  measured ??= measure(log);
  return measured;
}

async function measure(log: (m: string) => void): Promise<Latencies> {
  const ours = await relayLatencies(log);
  const baseline = await forwarderLatencies();
  return { ours, baseline };
}

async function relayLatencies(log: (m: string) => void): Promise<number[]> {
  const relay = await startTestRelay();
  const repos: Repo[] = [];
  try {
    const user = await registerUser(relay.url);
    const url: AutomergeUrl = automergeUrl(user.driveUrl);
    const ws = `${relay.url.replace('http', 'ws')}/sync?token=${user.token}`;
    const a = new Repo({ network: [new WebSocketClientAdapter(ws, 200)] });
    const b = new Repo({ network: [new WebSocketClientAdapter(ws, 200)] });
    repos.push(a, b);
    const handleA = await a.find<DriveDocument>(url);
    const handleB = await b.find<DriveDocument>(url);
    const replica = new DriveReplica(ActorId.parse('bench-a'), {
      userId: user.userId,
      device: 'A',
      now: () => Date.now(),
      random: (n) => new Uint8Array(randomBytes(n)),
    });
    const made = replica.run((au, t) => createFolder(au, t, ROOT, 'Latency'));
    if (!made.ok) throw new Error(made.error.message);
    const folder = made.value[0]?.node;
    if (folder === undefined) throw new Error('no folder made');
    handleA.change((d) => writeOps(d, made.value, (s) => new ImmutableString(s)));
    log(`timing ${CHANGES} changes from device A to device B`);
    const times: number[] = [];
    for (let i = 0; i < CHANGES + WARM_UP; i++) {
      const ops = replica.run((au, t) => rename(au, t, folder, `Latency ${i}`));
      if (!ops.ok) throw new Error(ops.error.message);
      const op = ops.value[0];
      if (op === undefined) throw new Error('no rename made');
      const arrived = new Promise<void>((resolve) => {
        const onChange = ({ doc }: { doc: DriveDocument }): void => {
          if (Object.values(doc.ops).some((shard) => op.id in shard)) {
            handleB.off('change', onChange);
            resolve();
          }
        };
        handleB.on('change', onChange);
      });
      const started = performance.now();
      handleA.change((d) => writeOps(d, ops.value, (s) => new ImmutableString(s)));
      await arrived;
      if (i >= WARM_UP) times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, GAP_MS));
    }
    return times;
  } finally {
    await Promise.all(repos.map((r) => r.shutdown()));
    await relay.cleanup();
  }
}

/** The floor: a server that only forwards each message from one socket to the other. */
async function forwarderLatencies(): Promise<number[]> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  const sockets: WebSocket[] = [];
  wss.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data) => {
      for (const other of sockets) if (other !== socket) other.send(data);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const open = (): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  const a = await open();
  const b = await open();
  try {
    const payload = randomBytes(300);
    const times: number[] = [];
    for (let i = 0; i < CHANGES + WARM_UP; i++) {
      const arrived = new Promise<void>((resolve) => b.once('message', () => resolve()));
      const started = performance.now();
      a.send(payload);
      await arrived;
      if (i >= WARM_UP) times.push(performance.now() - started);
    }
    return times;
  } finally {
    a.close();
    b.close();
    await new Promise<void>((resolve) => wss.close(() => server.close(() => resolve())));
  }
}
