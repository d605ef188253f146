// The store's list of chunk files: what it finds at open in both layouts, what it leaves out, and
// that the puts and deletes of the store keep it equal to the disk across restarts, packing and
// collection (a chunk it did not list would be stored twice; one it listed wrongly, read as missing).
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChunkHash } from '@sheaf/shared/ids';
import { MAX_CHUNK_BYTES } from '@sheaf/shared/protocol/chunk-put';
import { describe, expect, it } from 'vitest';
import { hashOf, piecesOf, readAll, sampleBytes } from './blob-store-contract.js';
import { FsBlobStore, fanOutPath, legacyFanOutPath } from './fs-blob-store.js';
import { ChunkFiles } from './fs-chunk-files.js';
import { tempDirs } from '../testing/temp-dirs.js';

const freshRoot = tempDirs('sheaf-chunk-files-');

/** Every chunk file on disk under `root`, by name, whatever the layout. */
async function filesOnDisk(root: string): Promise<string[]> {
  const names = await readdir(root, { recursive: true });
  return names
    .filter((path) => !path.startsWith('tmp') && !path.startsWith('packs'))
    .map((path) => path.split('/').at(-1) ?? '')
    .filter((name) => /^[0-9a-f]{64}$/.test(name))
    .sort();
}

describe('ChunkFiles', () => {
  it('lists chunk files of both layouts, and nothing that is not where a chunk would be', async () => {
    const root = await freshRoot();
    const [one, legacy, misplaced] = [sampleBytes(10, 1), sampleBytes(10, 2), sampleBytes(10, 3)].map(hashOf);
    if (one === undefined || legacy === undefined || misplaced === undefined) throw new Error('no hashes');
    await mkdir(join(root, one.slice(0, 2)), { recursive: true });
    await writeFile(fanOutPath(root, one), 'x');
    await mkdir(join(root, legacy.slice(0, 2), legacy.slice(2, 4)), { recursive: true });
    await writeFile(legacyFanOutPath(root, legacy), 'x');
    // A chunk's name in a folder its hash does not start with, and names that are not hashes.
    const wrongFolder = misplaced.startsWith('00') ? '01' : '00';
    await mkdir(join(root, wrongFolder), { recursive: true });
    await writeFile(join(root, wrongFolder, misplaced), 'x');
    await writeFile(join(root, one.slice(0, 2), 'notes.txt'), 'x');
    await mkdir(join(root, one.slice(0, 2), 'zz'));

    const folders = (await readdir(root)).filter((name) => /^[0-9a-f]{2}$/.test(name));
    const files = await ChunkFiles.list(root, folders);
    expect(files.pathOf(one)).toBe(fanOutPath(root, one));
    expect(files.pathOf(legacy)).toBe(legacyFanOutPath(root, legacy));
    expect(files.has(misplaced)).toBe(false);
    expect(files.pathOf(misplaced)).toBeUndefined();

    files.removed(legacy);
    expect(files.has(legacy)).toBe(false);
    files.added(misplaced);
    expect(files.pathOf(misplaced)).toBe(fanOutPath(root, misplaced));
  });
});

describe('FsBlobStore held chunks', () => {
  /** Checks what the store answers for each chunk against whether its bytes are really stored. */
  async function expectHolds(store: FsBlobStore, held: readonly Uint8Array[], gone: readonly Uint8Array[]) {
    for (const bytes of held) {
      expect(await store.has(hashOf(bytes))).toBe(true);
      expect(await store.size(hashOf(bytes))).toBe(bytes.byteLength);
      const stream = await store.get(hashOf(bytes));
      expect(stream === undefined ? undefined : await readAll(stream)).toStrictEqual(bytes);
    }
    for (const bytes of gone) {
      expect(await store.has(hashOf(bytes))).toBe(false);
      expect(await store.size(hashOf(bytes))).toBeUndefined();
      expect(await store.get(hashOf(bytes))).toBeUndefined();
    }
  }
  const put = (store: FsBlobStore, bytes: Uint8Array) => store.put(hashOf(bytes), piecesOf(bytes), MAX_CHUNK_BYTES);

  it('agrees with the disk after puts, packing, deletes and restarts', async () => {
    const root = await freshRoot();
    const [alone, packed, both, deleted] = [1, 2, 3, 4].map((seed) => sampleBytes(3000 + seed, 10 + seed));
    if (alone === undefined || packed === undefined || both === undefined || deleted === undefined) {
      throw new Error('no chunks');
    }
    const store = await FsBlobStore.open(root);
    await expectHolds(store, [], [alone, packed, both, deleted]);
    await put(store, alone);
    await put(store, both);
    await put(store, deleted);
    const batch = store.batch();
    for (const bytes of [packed, both]) await batch.add(hashOf(bytes), piecesOf(bytes), MAX_CHUNK_BYTES);
    // A chunk already stored as a file is not packed again.
    expect(await batch.commit()).toStrictEqual([
      { size: packed.byteLength, stored: true },
      { size: both.byteLength, stored: false },
    ]);
    await store.delete(hashOf(deleted));
    await expectHolds(store, [alone, packed, both], [deleted]);
    expect(await filesOnDisk(root)).toStrictEqual([hashOf(alone), hashOf(both)].sort());

    const reopened = await FsBlobStore.open(root);
    await expectHolds(reopened, [alone, packed, both], [deleted]);
    // Deleted once reopened: gone now and after the next restart, and stored again when put again.
    await reopened.delete(hashOf(alone));
    await expectHolds(reopened, [packed, both], [alone, deleted]);
    await expectHolds(await FsBlobStore.open(root), [packed, both], [alone, deleted]);
    expect(await put(reopened, alone)).toStrictEqual({ ok: true, value: { size: alone.byteLength, stored: true } });
    await expectHolds(await FsBlobStore.open(root), [alone, packed, both], [deleted]);
  });

  it('finds a chunk of the older layout at open, and forgets it once deleted', async () => {
    const root = await freshRoot();
    const bytes = sampleBytes(2000, 51);
    const hash: ChunkHash = hashOf(bytes);
    await mkdir(join(root, hash.slice(0, 2), hash.slice(2, 4)), { recursive: true });
    await writeFile(legacyFanOutPath(root, hash), bytes);
    const store = await FsBlobStore.open(root);
    await expectHolds(store, [bytes], []);
    // Held, so a batch does not pack it again.
    const batch = store.batch();
    await batch.add(hash, piecesOf(bytes), MAX_CHUNK_BYTES);
    expect(await batch.commit()).toStrictEqual([{ size: bytes.byteLength, stored: false }]);
    expect(await readdir(join(root, 'packs'))).toStrictEqual([]);
    await store.delete(hash);
    await expectHolds(store, [], [bytes]);
    await expectHolds(await FsBlobStore.open(root), [], [bytes]);
  });

  it('answers from what it listed: a file put under its root behind its back is not seen until reopened', async () => {
    const root = await freshRoot();
    const store = await FsBlobStore.open(root);
    const bytes = sampleBytes(1000, 61);
    await writeFile(fanOutPath(root, hashOf(bytes)), bytes);
    expect(await store.has(hashOf(bytes))).toBe(false);
    await expectHolds(await FsBlobStore.open(root), [bytes], []);
  });

  it('gives the path of a chunk it holds, and refuses to note a name that is not a hash', async () => {
    const root = await freshRoot();
    const files = await ChunkFiles.list(root, []);
    const hash = hashOf(sampleBytes(10, 71));
    expect(files.pathOf(hash)).toBeUndefined();
    files.added(hash);
    expect(files.pathOf(hash)).toBe(fanOutPath(root, hash));
    // Only a cast forges such a name; it must never become a path.
    expect(() => files.added('../../etc/passwd' as ChunkHash)).toThrow('not a chunk hash');
    expect(() => files.added(hash.toUpperCase() as ChunkHash)).toThrow('not a chunk hash');
  });
});
