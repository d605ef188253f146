// The filesystem BlobStore with chunks sealed at rest: the shared contract once more, then what only
// sealing promises: no plaintext on disk (single files and packs), a changed byte refused on read,
// and chunks stored plain before sealing was turned on still read.
import { randomBytes } from 'node:crypto';
import { read as readFd } from 'node:fs';
import { mkdtemp, open as openFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_CHUNK_BYTES } from '@sheaf/shared/protocol/chunk-put';
import { describe, expect, it } from 'vitest';
import { hashOf, piecesOf, readAll, runBlobStoreContract, sampleBytes } from './blob-store-contract.js';
import { type ChunkSealer, SEAL_OVERHEAD, SealBrokenError, createChunkSealer } from './chunk-seal.js';
import { tempDirs } from '../testing/temp-dirs.js';
import { FsBlobStore, fanOutPath } from './fs-blob-store.js';
import type { ReadAt } from './fs-files.js';

const newSealer = (): ChunkSealer => createChunkSealer(new Uint8Array(randomBytes(32)));

runBlobStoreContract('FsBlobStore sealed', async () => {
  const root = await mkdtemp(join(tmpdir(), 'sheaf-sealed-'));
  return {
    store: await FsBlobStore.open(root, { sealer: newSealer() }),
    teardown: () => rm(root, { recursive: true, force: true }),
  };
});

/** Whether `haystack` holds any 64-byte window of `needle` taken at a few places. */
function containsPlaintext(haystack: Uint8Array, needle: Uint8Array): boolean {
  const disk = Buffer.from(haystack);
  const windows = [0, Math.floor(needle.byteLength / 2), needle.byteLength - 64].filter((at) => at >= 0);
  return windows.some((at) => disk.includes(Buffer.from(needle.subarray(at, at + 64))));
}

async function flipByte(path: string, position: number): Promise<void> {
  const file = await openFile(path, 'r+');
  try {
    const one = Buffer.alloc(1);
    await file.read(one, 0, 1, position);
    one[0] = (one[0] ?? 0) ^ 0x01;
    await file.write(one, 0, 1, position);
  } finally {
    await file.close();
  }
}

describe('FsBlobStore sealed on disk', () => {
  const freshRoot = tempDirs('sheaf-sealed-');
  const contents = async (store: FsBlobStore, bytes: Uint8Array, range?: { start: number; end: number }) => {
    const stream = await store.get(hashOf(bytes), range);
    return stream === undefined ? undefined : readAll(stream);
  };
  async function packOf(store: FsBlobStore, chunks: Uint8Array[]): Promise<void> {
    const batch = store.batch();
    for (const c of chunks) await batch.add(hashOf(c), piecesOf(c, [777]), MAX_CHUNK_BYTES);
    await batch.commit();
  }

  it('writes a chunk put alone sealed: 32 bytes longer, none of its plaintext on disk', async () => {
    const root = await freshRoot();
    const store = await FsBlobStore.open(root, { sealer: newSealer() });
    const bytes = sampleBytes(50_000, 3);
    await store.put(hashOf(bytes), piecesOf(bytes, [4096]), MAX_CHUNK_BYTES);
    const disk = await readFile(fanOutPath(root, hashOf(bytes)));
    expect(disk.byteLength).toBe(bytes.byteLength + SEAL_OVERHEAD);
    expect(containsPlaintext(disk, bytes)).toBe(false);
    expect(await store.size(hashOf(bytes))).toBe(bytes.byteLength);
    expect(await contents(store, bytes, { start: 49_990, end: 60_000 })).toStrictEqual(bytes.subarray(49_990));
  });

  it('writes a batch as a sealed pack whose offsets a reopened store reads right, plaintext nowhere', async () => {
    const root = await freshRoot();
    const sealer = newSealer();
    const store = await FsBlobStore.open(root, { sealer });
    const chunks = [sampleBytes(4096, 11), sampleBytes(1, 12), sampleBytes(0, 13), sampleBytes(90_000, 14)];
    await packOf(store, chunks);
    const [pack] = await readdir(join(root, 'packs'));
    const disk = await readFile(join(root, 'packs', pack ?? ''));
    for (const c of chunks.filter((c) => c.byteLength >= 64)) expect(containsPlaintext(disk, c)).toBe(false);

    const reopened = await FsBlobStore.open(root, { sealer });
    for (const c of chunks) {
      expect(await reopened.size(hashOf(c))).toBe(c.byteLength);
      expect(await contents(reopened, c)).toStrictEqual(c);
    }
    const last = chunks[3] ?? new Uint8Array();
    expect(await contents(reopened, last, { start: 100, end: 200 })).toStrictEqual(last.subarray(100, 200));
  });

  /** A sealing store in a fresh folder, holding one chunk of `size` sample bytes as a file of its own at `path`. */
  async function sealedChunkFile(size: number, seed: number) {
    const root = await freshRoot();
    const store = await FsBlobStore.open(root, { sealer: newSealer() });
    const bytes = sampleBytes(size, seed);
    const hash = hashOf(bytes);
    await store.put(hash, piecesOf(bytes), MAX_CHUNK_BYTES);
    return { root, store, bytes, hash, path: fanOutPath(root, hash) };
  }

  it('refuses a single file with one byte changed, anywhere in it', async () => {
    const { store, bytes, hash, path } = await sealedChunkFile(10_000, 5);
    // The marker, the nonce, the ciphertext and the tag.
    for (const at of [0, 6, 5000, bytes.byteLength + SEAL_OVERHEAD - 1]) {
      await flipByte(path, at);
      await expect(store.get(hash, { start: 0, end: 10 })).rejects.toBeInstanceOf(SealBrokenError);
      await flipByte(path, at);
      expect(await contents(store, bytes)).toStrictEqual(bytes);
    }
  });

  it('refuses a packed chunk with one byte changed, and still reads its neighbours', async () => {
    const root = await freshRoot();
    const store = await FsBlobStore.open(root, { sealer: newSealer() });
    const [a, b, c] = [sampleBytes(3000, 21), sampleBytes(3000, 22), sampleBytes(3000, 23)];
    await packOf(store, [a, b, c]);
    const [pack] = await readdir(join(root, 'packs'));
    // Inside b: a takes its 3000 bytes and the seal's 32.
    await flipByte(join(root, 'packs', pack ?? ''), 3000 + SEAL_OVERHEAD + 1500);
    await expect(store.get(hashOf(b))).rejects.toBeInstanceOf(SealBrokenError);
    expect(await contents(store, a)).toStrictEqual(a);
    expect(await contents(store, c)).toStrictEqual(c);
  });

  it('refuses a sealed chunk moved to another address', async () => {
    const root = await freshRoot();
    const store = await FsBlobStore.open(root, { sealer: newSealer() });
    const [a, b] = [sampleBytes(2000, 31), sampleBytes(2000, 32)];
    await store.put(hashOf(a), piecesOf(a), MAX_CHUNK_BYTES);
    await store.put(hashOf(b), piecesOf(b), MAX_CHUNK_BYTES);
    await writeFile(fanOutPath(root, hashOf(b)), await readFile(fanOutPath(root, hashOf(a))));
    await expect(store.get(hashOf(b))).rejects.toBeInstanceOf(SealBrokenError);
  });

  it('reads chunks stored plain before sealing was turned on, files and packs, checked by their hash', async () => {
    const root = await freshRoot();
    const plainStore = await FsBlobStore.open(root);
    const single = sampleBytes(7000, 41);
    const packed = [sampleBytes(5000, 42), sampleBytes(6000, 43)];
    await plainStore.put(hashOf(single), piecesOf(single), MAX_CHUNK_BYTES);
    await packOf(plainStore, packed);

    const store = await FsBlobStore.open(root, { sealer: newSealer() });
    for (const c of [single, ...packed]) {
      expect(await store.size(hashOf(c))).toBe(c.byteLength);
      expect(await contents(store, c)).toStrictEqual(c);
      expect(await contents(store, c, { start: 10, end: 20 })).toStrictEqual(c.subarray(10, 20));
    }
    // New chunks are sealed, beside the plain ones.
    const fresh = sampleBytes(8000, 44);
    await store.put(hashOf(fresh), piecesOf(fresh), MAX_CHUNK_BYTES);
    expect(containsPlaintext(await readFile(fanOutPath(root, hashOf(fresh))), fresh)).toBe(false);
    expect(await contents(store, fresh)).toStrictEqual(fresh);

    // A plain chunk is not sealed, but a changed byte still does not get through.
    await flipByte(fanOutPath(root, hashOf(single)), 100);
    await expect(store.get(hashOf(single))).rejects.toBeInstanceOf(SealBrokenError);
  });

  it('reuses its read buffers without changing a byte of a stream not yet read', async () => {
    const root = await freshRoot();
    const chunks = [sampleBytes(30_000, 71), sampleBytes(20_000, 72), sampleBytes(25_000, 73)];
    const plain = sampleBytes(28_000, 74);
    // One chunk from before sealing: its stream hands out the very bytes read from disk.
    await (await FsBlobStore.open(root)).put(hashOf(plain), piecesOf(plain), MAX_CHUNK_BYTES);
    const store = await FsBlobStore.open(root, { sealer: newSealer() });
    for (const c of chunks) await store.put(hashOf(c), piecesOf(c), MAX_CHUNK_BYTES);
    const damaged = sampleBytes(5000, 75);
    await store.put(hashOf(damaged), piecesOf(damaged), MAX_CHUNK_BYTES);
    await flipByte(fanOutPath(root, hashOf(damaged)), 2000);
    const same = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
      a !== undefined && b !== undefined && Buffer.from(a).equals(b);

    // Opened, then left unread while more chunks than the store keeps buffers for are read.
    const all = [plain, ...chunks, plain, ...chunks];
    const streams = [];
    for (const c of all) streams.push(await store.get(hashOf(c)));
    for (let i = 0; i < 6; i++) {
      expect(same(await contents(store, plain, { start: 5, end: 28_000 }), plain.subarray(5))).toBe(true);
      expect(same(await contents(store, chunks[i % 3] ?? plain), chunks[i % 3])).toBe(true);
      // Read into a buffer like any other chunk, and refused: the last bytes a buffer held.
      await expect(store.get(hashOf(damaged))).rejects.toBeInstanceOf(SealBrokenError);
    }
    for (const [i, stream] of streams.entries()) {
      expect(same(stream === undefined ? undefined : await readAll(stream), all[i])).toBe(true);
    }
  });

  it('refuses a chunk file shorter or longer than its seal, or longer than any chunk', async () => {
    const { store, bytes, hash, path } = await sealedChunkFile(9000, 81);
    const sealed = await readFile(path);

    for (const damaged of [
      sealed.subarray(0, sealed.byteLength - 1),
      sealed.subarray(0, 10),
      new Uint8Array(),
      Buffer.concat([sealed, Buffer.from([0])]),
      // As long as the longest chunk, its seal and a byte more: refused before it is opened.
      Buffer.concat([sealed, Buffer.alloc(MAX_CHUNK_BYTES + SEAL_OVERHEAD + 1 - sealed.byteLength)]),
    ]) {
      await writeFile(path, damaged);
      await expect(store.get(hash)).rejects.toBeInstanceOf(SealBrokenError);
    }
    await writeFile(path, sealed);
    expect(await contents(store, bytes)).toStrictEqual(bytes);
  });

  it('reads chunk files right when reads come back short, and still refuses a damaged one', async () => {
    const root = await freshRoot();
    const sealer = newSealer();
    const chunks = [sampleBytes(50_000, 91), sampleBytes(1, 92), sampleBytes(0, 93)];
    const plain = sampleBytes(30_000, 94);
    await (await FsBlobStore.open(root)).put(hashOf(plain), piecesOf(plain), MAX_CHUNK_BYTES);
    let reads = 0;
    /** Reads as the disk does, at most `most` bytes at a time, counting the reads. */
    const readAtMost =
      (most: number): ReadAt =>
      (fd, out, offset, length, position) =>
        new Promise((resolve, reject) => {
          reads++;
          readFd(fd, out, offset, Math.min(length, most), position, (error, bytesRead) =>
            error === null ? resolve(bytesRead) : reject(error),
          );
        });
    // At most 4 KiB per read, as a network filesystem may answer.
    const store = await FsBlobStore.open(root, { sealer, readAt: readAtMost(4096) });
    for (const c of chunks) await store.put(hashOf(c), piecesOf(c), MAX_CHUNK_BYTES);
    for (const c of [...chunks, plain]) {
      expect(await contents(store, c)).toStrictEqual(c);
      expect(await contents(store, c, { start: 1, end: 40_000 })).toStrictEqual(c.subarray(1, 40_000));
    }
    expect(reads).toBeGreaterThan(50_000 / 4096);

    // Reading as a local disk does, an intact chunk costs one read; only one that fails to open is read again.
    const whole = await FsBlobStore.open(root, { sealer, readAt: readAtMost(Number.MAX_SAFE_INTEGER) });
    const [first] = chunks;
    if (first === undefined) throw new Error('no chunk');
    reads = 0;
    expect(await contents(whole, first)).toStrictEqual(first);
    expect(reads).toBe(1);
    await flipByte(fanOutPath(root, hashOf(first)), 30_000);
    for (const damaged of [store, whole]) {
      await expect(damaged.get(hashOf(first))).rejects.toBeInstanceOf(SealBrokenError);
    }
    reads = 0;
    await expect(whole.get(hashOf(first))).rejects.toBeInstanceOf(SealBrokenError);
    // The first read, then the same bytes again and the read that finds the end.
    expect(reads).toBe(3);
  });

  it('answers undefined for a chunk file removed behind its back', async () => {
    const root = await freshRoot();
    const store = await FsBlobStore.open(root, { sealer: newSealer() });
    const bytes = sampleBytes(3000, 95);
    await store.put(hashOf(bytes), piecesOf(bytes), MAX_CHUNK_BYTES);
    await rm(fanOutPath(root, hashOf(bytes)));
    expect(await store.get(hashOf(bytes))).toBeUndefined();
  });

  it('refuses to hand out a sealed packed chunk when opened without its key', async () => {
    const root = await freshRoot();
    const bytes = sampleBytes(4000, 51);
    await packOf(await FsBlobStore.open(root, { sealer: newSealer() }), [bytes]);
    const keyless = await FsBlobStore.open(root);
    expect(await keyless.size(hashOf(bytes))).toBe(bytes.byteLength);
    await expect(keyless.get(hashOf(bytes))).rejects.toThrow('without the master key');
  });

  it('does not open chunks under another key', async () => {
    const root = await freshRoot();
    const bytes = sampleBytes(4000, 61);
    await (await FsBlobStore.open(root, { sealer: newSealer() })).put(hashOf(bytes), piecesOf(bytes), MAX_CHUNK_BYTES);
    const other = await FsBlobStore.open(root, { sealer: newSealer() });
    await expect(other.get(hashOf(bytes))).rejects.toBeInstanceOf(SealBrokenError);
  });
});
