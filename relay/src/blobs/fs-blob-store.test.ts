// The filesystem BlobStore against the shared contract, plus its own promises: the fan-out layout,
// no temp file left behind by a failed put, and stale temp files cleared at open.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_CHUNK_BYTES } from '@sheaf/shared/protocol/chunk-put';
import { describe, expect, it } from 'vitest';
import { hashOf, piecesOf, readAll, runBlobStoreContract, sampleBytes } from './blob-store-contract.js';
import { FsBlobStore, fanOutPath, legacyFanOutPath } from './fs-blob-store.js';
import { tempDirs } from '../testing/temp-dirs.js';

async function freshRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sheaf-blobs-'));
}

runBlobStoreContract('FsBlobStore', async () => {
  const root = await freshRoot();
  return { store: await FsBlobStore.open(root), teardown: () => rm(root, { recursive: true, force: true }) };
});

describe('FsBlobStore on disk', () => {
  const freshDir = tempDirs('sheaf-blobs-');
  async function open(): Promise<{ root: string; store: FsBlobStore }> {
    const root = await freshDir();
    return { root, store: await FsBlobStore.open(root) };
  }

  it('writes a chunk put alone to root/ab/<hash>, in folders made at open', async () => {
    const { root, store } = await open();
    const fanOut = (await readdir(root)).filter((name) => /^[0-9a-f]{2}$/.test(name));
    expect(fanOut).toHaveLength(256);
    const bytes = sampleBytes(5000);
    const hash = hashOf(bytes);
    await store.put(hash, piecesOf(bytes, [1024]), MAX_CHUNK_BYTES);
    const path = join(root, hash.slice(0, 2), hash);
    expect(fanOutPath(root, hash)).toBe(path);
    expect(new Uint8Array(await readFile(path))).toStrictEqual(bytes);
  });

  it('writes a batch as one pack that a reopened store still reads, and removes it once all is deleted', async () => {
    const { root, store } = await open();
    const chunks = [sampleBytes(4096, 21), sampleBytes(1, 22), sampleBytes(0, 23), sampleBytes(9000, 24)];
    const batch = store.batch();
    for (const c of chunks) await batch.add(hashOf(c), piecesOf(c, [1000]), MAX_CHUNK_BYTES);
    await batch.commit();
    const packs = await readdir(join(root, 'packs'));
    expect(packs).toHaveLength(1);
    expect(packs[0]).toMatch(/\.pack$/);

    const [first, ...rest] = chunks;
    if (first === undefined) throw new Error('no chunk');
    await store.delete(hashOf(first));
    const reopened = await FsBlobStore.open(root);
    expect(await reopened.has(hashOf(first))).toBe(false);
    for (const c of rest) {
      expect(await reopened.size(hashOf(c))).toBe(c.byteLength);
      const stream = await reopened.get(hashOf(c));
      expect(stream === undefined ? undefined : await readAll(stream)).toStrictEqual(c);
    }
    const last = rest.at(-1) ?? first;
    const part = await reopened.get(hashOf(last), { start: 100, end: 200 });
    expect(part === undefined ? undefined : await readAll(part)).toStrictEqual(last.subarray(100, 200));

    for (const c of rest) await reopened.delete(hashOf(c));
    expect(await readdir(join(root, 'packs'))).toStrictEqual([]);
    const again = await FsBlobStore.open(root);
    for (const c of chunks) expect(await again.has(hashOf(c))).toBe(false);
  });

  it('shows nothing of a batch cut before its commit once reopened, and ignores a pack without a footer', async () => {
    const { root, store } = await open();
    // Over the batch's write buffer, so that its temp pack is on disk before the commit.
    const bytes = sampleBytes(1_500_000, 41);
    const batch = store.batch();
    await batch.add(hashOf(bytes), piecesOf(bytes), MAX_CHUNK_BYTES);
    // As a relay killed here leaves it: the temp pack written, never renamed into packs/.
    expect((await readdir(join(root, 'tmp'))).length).toBe(1);
    await writeFile(join(root, 'packs', 'torn.pack'), bytes);
    const reopened = await FsBlobStore.open(root);
    expect(await reopened.has(hashOf(bytes))).toBe(false);
    expect(await readdir(join(root, 'tmp'))).toStrictEqual([]);
    expect(await readdir(join(root, 'packs'))).toStrictEqual(['torn.pack']);
  });

  it('writes no pack for a batch of chunks all held already', async () => {
    const { root, store } = await open();
    const bytes = sampleBytes(500, 31);
    await store.put(hashOf(bytes), piecesOf(bytes), MAX_CHUNK_BYTES);
    const batch = store.batch();
    await batch.add(hashOf(bytes), piecesOf(bytes), MAX_CHUNK_BYTES);
    expect(await batch.commit()).toStrictEqual([{ size: 500, stored: false }]);
    expect(await readdir(join(root, 'packs'))).toStrictEqual([]);
    expect(await readdir(join(root, 'tmp'))).toStrictEqual([]);
  });

  it('still reads, sizes and deletes a chunk stored in the earlier two-level layout', async () => {
    const { root } = await open();
    const bytes = sampleBytes(3000, 5);
    const hash = hashOf(bytes);
    const old = legacyFanOutPath(root, hash);
    expect(old).toBe(join(root, hash.slice(0, 2), hash.slice(2, 4), hash));
    await mkdir(join(root, hash.slice(0, 2), hash.slice(2, 4)), { recursive: true });
    await writeFile(old, bytes);
    // Opened again, as a relay upgraded over a store of the older layout would be.
    const store = await FsBlobStore.open(root);
    expect(await store.size(hash)).toBe(3000);
    const stream = await store.get(hash, { start: 10, end: 20 });
    expect(stream === undefined ? undefined : new Uint8Array(await readAll(stream))).toStrictEqual(
      bytes.subarray(10, 20),
    );
    expect(await store.put(hash, piecesOf(bytes), MAX_CHUNK_BYTES)).toStrictEqual({
      ok: true,
      value: { size: 3000, stored: false },
    });
    await store.delete(hash);
    expect(await store.has(hash)).toBe(false);
  });

  it('leaves no temp file after a batch is discarded, committed, or fails to read a body', async () => {
    const { root, store } = await open();
    const bytes = sampleBytes(5000);
    const discarded = store.batch();
    await discarded.add(hashOf(bytes), piecesOf(bytes), MAX_CHUNK_BYTES);
    await discarded.discard();
    const committed = store.batch();
    await committed.add(hashOf(bytes), piecesOf(bytes), MAX_CHUNK_BYTES);
    await committed.add(hashOf(bytes), piecesOf(bytes), MAX_CHUNK_BYTES);
    await committed.commit();
    const broken = store.batch();
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, 10);
      await Promise.resolve();
      throw new Error('client went away');
    }
    await expect(broken.add(hashOf(bytes), failing(), MAX_CHUNK_BYTES)).rejects.toThrow('client went away');
    await broken.discard();
    expect(await readdir(join(root, 'tmp'))).toStrictEqual([]);
  });

  it('leaves no temp file after a mismatch, an over-size body or a failing body', async () => {
    const { root, store } = await open();
    const bytes = sampleBytes(5000);
    const hash = hashOf(bytes);
    await store.put(hash, piecesOf(sampleBytes(5000, 9)), MAX_CHUNK_BYTES);
    await store.put(hash, piecesOf(bytes, [1000]), 4000);
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, 100);
      await Promise.resolve();
      throw new Error('client went away');
    }
    await expect(store.put(hash, broken(), MAX_CHUNK_BYTES)).rejects.toThrow('client went away');
    expect(await readdir(join(root, 'tmp'))).toStrictEqual([]);
    expect((await readdir(root, { recursive: true })).filter((name) => /[0-9a-f]{64}/.test(name))).toStrictEqual([]);
  });

  it('clears temp files a crash left behind when it opens', async () => {
    const { root } = await open();
    await writeFile(join(root, 'tmp', 'abc.half-written'), 'partial');
    await FsBlobStore.open(root);
    expect(await readdir(join(root, 'tmp'))).toStrictEqual([]);
  });

  it('refuses to build a path from a forged hash', () => {
    expect(() => fanOutPath('/root', '../../etc/passwd' as Parameters<typeof fanOutPath>[1])).toThrow();
  });
});
