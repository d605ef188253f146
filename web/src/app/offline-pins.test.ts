import { describe, expect, it } from 'vitest';
import { createFile, createFolder, trash } from '@sheaf/shared/drive/drive-commands';
import type { ManifestChunk } from '@sheaf/shared/drive/manifest';
import { ROOT, type NodeId } from '@sheaf/shared/drive/node-id';
import type { Content } from '@sheaf/shared/drive/ops';
import { testReplica } from '@sheaf/shared/drive/testing';
import { ChunkHash } from '@sheaf/shared/ids';
import { err, ok } from '@sheaf/shared/result';
import { createOfflinePins, SETTLE_MS } from './offline-pins.js';

const hash = (n: number): ChunkHash => ChunkHash.parse(n.toString(16).padStart(64, '0'));

function content(...chunks: number[]): Content {
  const manifestChunks = chunks.map((n) => ({ hash: hash(n), size: 10 }));
  return {
    hash: hash(1000 + chunks.reduce((a, b) => a * 31 + b, 7)),
    size: 10 * chunks.length,
    mediaType: 'text/plain',
    manifest: { size: 10 * chunks.length, chunks: manifestChunks },
  };
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function harness(options: { online?: boolean; failFetch?: boolean; memory?: Map<string, string> } = {}) {
  const replica = testReplica('a');
  const made = (result: ReturnType<typeof replica.run>): NodeId => {
    if (!result.ok) throw new Error(result.error.message);
    const node = result.value[0]?.node;
    if (node === undefined) throw new Error('no node');
    return node;
  };
  const pins = new Map<ChunkHash, number>();
  const stored = new Set<ChunkHash>();
  const fetched: ChunkHash[] = [];
  let online = options.online ?? true;
  const treeListeners: Array<() => void> = [];
  const onlineListeners: Array<() => void> = [];
  const timers: Array<() => void> = [];
  const memory = options.memory ?? new Map<string, string>();
  const offline = createOfflinePins({
    chunks: {
      pin: (hashes) => {
        for (const h of new Set(hashes)) pins.set(h, (pins.get(h) ?? 0) + 1);
        return Promise.resolve();
      },
      unpin: (hashes) => {
        for (const h of new Set(hashes)) {
          const count = (pins.get(h) ?? 0) - 1;
          if (count > 0) pins.set(h, count);
          else pins.delete(h);
        }
        return Promise.resolve();
      },
      pinnedHashes: () => Promise.resolve([...pins.keys()]),
      storedAmong: (hashes) => Promise.resolve(new Set(hashes.filter((h) => stored.has(h)))),
    },
    fetchChunk: (chunk: ManifestChunk) => {
      if (options.failFetch === true) return Promise.resolve(err('The relay refused.'));
      fetched.push(chunk.hash);
      stored.add(chunk.hash);
      return Promise.resolve(ok(new Blob([new Uint8Array(chunk.size)])));
    },
    tree: () => replica.tree(),
    onTreeChange: (listener) => {
      treeListeners.push(listener);
      return () => undefined;
    },
    online: () => online,
    onOnline: (listener) => {
      onlineListeners.push(listener);
      return () => undefined;
    },
    memory: { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v) },
    key: 'pins',
    setTimer: (run, ms) => {
      expect(ms).toBe(SETTLE_MS);
      timers.push(run);
      return () => undefined;
    },
  });
  return {
    replica,
    made,
    offline,
    pins,
    stored,
    fetched,
    memory,
    treeChanged: () => {
      treeListeners.forEach((l) => l());
      timers.splice(0).forEach((run) => run());
    },
    goOnline: () => {
      online = true;
      onlineListeners.forEach((l) => l());
    },
  };
}

describe('available offline', () => {
  it('pins a folder: its files, files added later, and fetches what is missing', async () => {
    const h = harness();
    const folder = h.made(h.replica.run((a, t) => createFolder(a, t, ROOT, 'Trips')));
    const sub = h.made(h.replica.run((a, t) => createFolder(a, t, folder, 'Rome')));
    const inside = h.made(h.replica.run((a, t) => createFile(a, t, sub, 'map.pdf', content(1, 2))));
    h.replica.run((a, t) => createFile(a, t, ROOT, 'outside.txt', content(9)));
    h.stored.add(hash(1));

    h.offline.pin(folder);
    await settle();
    expect([...h.pins.keys()].sort()).toEqual([hash(1), hash(2)]);
    expect(h.fetched).toEqual([hash(2)]);
    expect(h.offline.isPinned(inside)).toBe(true);
    expect(h.offline.isPinnedItself(inside)).toBe(false);
    expect(h.offline.progress.get()).toEqual({ files: 1, bytes: 20, storedBytes: 20, state: 'ready' });

    h.replica.run((a, t) => createFile(a, t, folder, 'later.txt', content(2, 3)));
    h.treeChanged();
    await settle();
    expect([...h.pins.keys()].sort()).toEqual([hash(1), hash(2), hash(3)]);
    // A chunk two files share is pinned once: unpinning later frees it once.
    expect(h.pins.get(hash(2))).toBe(1);
    expect(h.fetched).toEqual([hash(2), hash(3)]);
  });

  it('unpinning and trashing release the chunks; the pins survive a restart', async () => {
    const memory = new Map<string, string>();
    const h = harness({ memory });
    const file = h.made(h.replica.run((a, t) => createFile(a, t, ROOT, 'a.txt', content(5))));
    const other = h.made(h.replica.run((a, t) => createFile(a, t, ROOT, 'b.txt', content(6))));
    h.offline.pin(file);
    h.offline.pin(other);
    await settle();
    await settle();
    expect(h.pins.size).toBe(2);

    h.replica.run((a, t) => trash(a, t, other));
    h.treeChanged();
    await settle();
    expect([...h.pins.keys()]).toEqual([hash(5)]);

    h.offline.unpin(file);
    await settle();
    expect(h.pins.size).toBe(0);
    expect(JSON.parse(memory.get('pins') ?? '')).toEqual([other]);
  });

  it('offline, it waits, and fetches once the network is back', async () => {
    const h = harness({ online: false });
    const file = h.made(h.replica.run((a, t) => createFile(a, t, ROOT, 'a.txt', content(7))));
    h.offline.pin(file);
    await settle();
    expect(h.offline.progress.get().state).toBe('waiting');
    expect(h.fetched).toEqual([]);
    h.goOnline();
    await settle();
    expect(h.fetched).toEqual([hash(7)]);
    expect(h.offline.progress.get().state).toBe('ready');
  });

  it('a fetch the relay refuses is reported with its reason', async () => {
    const h = harness({ failFetch: true });
    const file = h.made(h.replica.run((a, t) => createFile(a, t, ROOT, 'a.txt', content(8))));
    h.offline.pin(file);
    await settle();
    expect(h.offline.progress.get()).toMatchObject({ state: 'failed', message: 'The relay refused.', storedBytes: 0 });
  });
});
