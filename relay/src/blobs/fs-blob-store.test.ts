// The filesystem BlobStore against the shared contract, plus its own promises: the fan-out layout,
// no temp file left behind by a failed put, and stale temp files cleared at open.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_CHUNK_BYTES } from '@sheaf/shared/protocol/chunk-put';
import { afterEach, describe, expect, it } from 'vitest';
import { hashOf, piecesOf, runBlobStoreContract, sampleBytes } from './blob-store-contract.js';
import { FsBlobStore, fanOutPath } from './fs-blob-store.js';

async function freshRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sheaf-blobs-'));
}

runBlobStoreContract('FsBlobStore', async () => {
  const root = await freshRoot();
  return { store: await FsBlobStore.open(root), teardown: () => rm(root, { recursive: true, force: true }) };
});

describe('FsBlobStore on disk', () => {
  const roots: string[] = [];
  afterEach(async () => {
    for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
  });
  async function open(): Promise<{ root: string; store: FsBlobStore }> {
    const root = await freshRoot();
    roots.push(root);
    return { root, store: await FsBlobStore.open(root) };
  }

  it('writes a chunk to root/ab/cd/<hash>', async () => {
    const { root, store } = await open();
    const bytes = sampleBytes(5000);
    const hash = hashOf(bytes);
    await store.put(hash, piecesOf(bytes, [1024]), MAX_CHUNK_BYTES);
    const path = join(root, hash.slice(0, 2), hash.slice(2, 4), hash);
    expect(fanOutPath(root, hash)).toBe(path);
    expect(new Uint8Array(await readFile(path))).toStrictEqual(bytes);
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
    expect((await readdir(root)).sort()).toStrictEqual(['tmp']);
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
