import { describe, expect, it } from 'vitest';
import { ChunkHash } from '@sheaf/shared/ids';
import { err, ok } from '@sheaf/shared/result';
import type { ApiError } from '../api/client.js';
import type { OutboxRow } from '../local/db.js';
import { FIRST_RETRY_MS, LAST_RETRY_MS, createChunkSender, retryDelay, type ChunkSenderDeps } from './chunk-sender.js';

const hashOf = (n: number): ChunkHash => ChunkHash.parse(n.toString(16).padStart(64, '0'));
const networkDown: ApiError = { kind: 'network', status: 0, message: 'offline' };

/** Timers that fire only when the test advances the clock. */
function fakeClock() {
  let now = 0;
  const timers: Array<{ at: number; run: () => void; cancelled: boolean }> = [];
  return {
    setTimer: (run: () => void, ms: number) => {
      const timer = { at: now + ms, run, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    pending: () => timers.filter((t) => !t.cancelled).map((t) => t.at - now),
    async advance(ms: number) {
      now += ms;
      for (const timer of timers.filter((t) => !t.cancelled && t.at <= now)) {
        timer.cancelled = true;
        timer.run();
      }
      await settle();
    },
  };
}

/** Lets every queued promise job run: the fakes answer at once, so a macrotask drains a whole run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function fakes(owedCount: number) {
  const outbox = new Map<ChunkHash, OutboxRow>();
  for (let i = 0; i < owedCount; i++) outbox.set(hashOf(i + 1), { hash: hashOf(i + 1), size: 10, added: i });
  const relay = new Set<ChunkHash>();
  const held: ChunkHash[] = [];
  const puts: ChunkHash[] = [];
  let reachable = true;
  let reconnect: (() => void) | undefined;
  const clock = fakeClock();
  const deps: ChunkSenderDeps = {
    outbox: {
      oldest: (limit) => Promise.resolve([...outbox.values()].slice(0, limit)),
      remove: (hashes) => {
        for (const hash of hashes) outbox.delete(hash);
        return Promise.resolve();
      },
      count: () => Promise.resolve(outbox.size),
    },
    chunks: {
      get: () => Promise.resolve(new Blob(['0123456789'])),
      markHeld: (hashes) => {
        held.push(...hashes);
        for (const hash of hashes) outbox.delete(hash);
        return Promise.resolve();
      },
    },
    api: {
      missingChunks: (hashes) =>
        Promise.resolve(reachable ? ok(hashes.filter((h) => !relay.has(h))) : err(networkDown)),
      putChunk: (hash, bytes) => {
        if (!reachable) return Promise.resolve(err(networkDown));
        relay.add(hash);
        puts.push(hash);
        return Promise.resolve(ok({ hash, size: bytes.size, stored: true }));
      },
    },
    setTimer: clock.setTimer,
    random: () => 0.5,
    onReconnect: (listener) => {
      reconnect = listener;
      return () => {
        reconnect = undefined;
      };
    },
  };
  return {
    deps,
    outbox,
    relay,
    held,
    puts,
    clock,
    setReachable: (value: boolean) => {
      reachable = value;
    },
    reconnect: () => reconnect?.(),
  };
}

describe('retryDelay', () => {
  it('is full jitter over a step that doubles from 1 s up to 5 min', () => {
    expect(retryDelay(0, () => 0.999_999)).toBe(FIRST_RETRY_MS - 1);
    expect(retryDelay(3, () => 0.5)).toBe(4 * FIRST_RETRY_MS);
    expect(retryDelay(40, () => 0.5)).toBe(LAST_RETRY_MS / 2);
    expect(retryDelay(5, () => 0)).toBe(0);
  });
});

describe('createChunkSender', () => {
  it('sends what is owed at start, marks it held and leaves no timer', async () => {
    const f = fakes(100);
    f.relay.add(hashOf(7));
    const sender = createChunkSender(f.deps);
    await settle();
    expect(f.outbox.size).toBe(0);
    expect(sender.owed.get()).toBe(0);
    // Held by the relay already: marked held, never sent.
    expect(f.held).toContain(hashOf(7));
    expect(f.puts).not.toContain(hashOf(7));
    expect(f.puts.length).toBe(99);
    expect(f.clock.pending()).toEqual([]);
    sender.close();
  });

  it('retries with doubling jittered delays while the relay is unreachable, and resets on success', async () => {
    const f = fakes(3);
    f.setReachable(false);
    const sender = createChunkSender(f.deps);
    await settle();
    // random() = 0.5: half of 1 s, 2 s, 4 s, ...
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [wait] = f.clock.pending();
      if (wait === undefined) throw new Error('no retry scheduled');
      waits.push(wait);
      await f.clock.advance(wait);
    }
    expect(waits).toEqual([500, 1_000, 2_000, 4_000]);
    expect(sender.owed.get()).toBe(3);

    f.setReachable(true);
    const [wait] = f.clock.pending();
    await f.clock.advance(wait ?? 0);
    expect(sender.owed.get()).toBe(0);
    expect(f.clock.pending()).toEqual([]);

    // The next failure starts from the first step again.
    f.outbox.set(hashOf(999), { hash: hashOf(999), size: 10, added: 99 });
    f.setReachable(false);
    sender.flush();
    await settle();
    expect(f.clock.pending()).toEqual([500]);
    sender.close();
  });

  it('retries at once when the connection comes back, without waiting for the timer', async () => {
    const f = fakes(2);
    f.setReachable(false);
    const sender = createChunkSender(f.deps);
    await settle();
    for (let i = 0; i < 6; i++) await f.clock.advance(f.clock.pending()[0] ?? 0);
    expect(f.clock.pending()[0]).toBeGreaterThan(10_000);
    f.setReachable(true);
    f.reconnect();
    await settle();
    expect(sender.owed.get()).toBe(0);
    expect(f.clock.pending()).toEqual([]);
    sender.close();
  });

  it('recounts what is owed without sending', async () => {
    const f = fakes(2);
    f.setReachable(false);
    const sender = createChunkSender(f.deps);
    await settle();
    expect(sender.owed.get()).toBe(2);
    const putsBefore = f.puts.length;
    // An upload elsewhere leaves one more owed.
    f.outbox.set(hashOf(50), { hash: hashOf(50), size: 10, added: 50 });
    sender.recount();
    await settle();
    expect(sender.owed.get()).toBe(3);
    expect(f.puts.length).toBe(putsBefore);
    sender.close();
  });

  it('stops retrying once closed', async () => {
    const f = fakes(1);
    f.setReachable(false);
    const sender = createChunkSender(f.deps);
    await settle();
    expect(f.clock.pending().length).toBe(1);
    sender.close();
    expect(f.clock.pending()).toEqual([]);
    f.reconnect();
    await settle();
    expect(f.puts).toEqual([]);
  });
});
