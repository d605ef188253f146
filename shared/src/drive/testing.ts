// Deterministic replicas for tests: counters instead of randomness and clocks.
import { ChunkHash } from '../ids.js';
import { DriveReplica } from './drive-replica.js';
import { ActorId } from './op-id.js';
import type { Content } from './ops.js';

let idCounter = 0;

export function testReplica(
  actor: string,
  device = `${actor}'s laptop`,
  at: number | (() => number) = Date.UTC(2026, 10, 25, 12),
): DriveReplica {
  return new DriveReplica(ActorId.parse(actor), {
    userId: 'u_test',
    device,
    now: typeof at === 'number' ? () => at : at,
    random: (n) => {
      idCounter += 1;
      const bytes = new Uint8Array(n);
      new DataView(bytes.buffer).setUint32(n - 4, idCounter);
      bytes[0] = actor.charCodeAt(0) & 0xff;
      return bytes;
    },
  });
}

/** Content whose hash is derived from `seed`: equal seeds mean equal bytes. */
export function testContent(seed: string | number, size = 100): Content {
  const hex = Array.from(String(seed), (c) => c.charCodeAt(0).toString(16).padStart(2, '0'))
    .join('')
    .slice(0, 64)
    .padEnd(64, '0');
  return { hash: ChunkHash.parse(hex), size, mediaType: 'text/plain', manifest: { size, chunks: [] } };
}

/** Sends every operation each replica holds to every other. */
export function syncAll(...replicas: DriveReplica[]): void {
  const all = replicas.flatMap((r) => [...r.log.ops()]);
  for (const r of replicas) r.receive(all);
}
