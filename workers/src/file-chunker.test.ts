import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkBoundaries } from '@sheaf/shared/chunking/fastcdc';
import type { ChunkApi, ChunkBatch } from './chunk-api.js';
import type { FileHashApi } from './file-hash-api.js';
import { createFileHasher, type ChunkDigests, type FileHasher } from './file-hash.js';
import { balancedSplit } from './hash-balance.js';
import {
  SMALL,
  fixedSplit,
  lanesOrThrow,
  seededBytes,
  sha256Hex,
  testChunker,
  webCryptoDigests,
} from './chunk-test-kit.js';

async function readAll(api: ChunkApi, file: Blob, options: Parameters<ChunkApi['open']>[1]): Promise<ChunkBatch[]> {
  const id = await api.open(file, options);
  const batches: ChunkBatch[] = [];
  for (;;) {
    const batch = await api.next(id);
    batches.push(batch);
    if (batch.done) return batches;
  }
}

/** A stream of `bytes` in pieces of `piece` bytes that counts what was pulled from it. */
function countedStream(
  bytes: Uint8Array,
  piece: number,
): { stream: ReadableStream<Uint8Array>; pulled: () => number; cancelled: () => boolean } {
  let at = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (at >= bytes.length) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.slice(at, at + piece));
        at += piece;
      },
      cancel() {
        cancelled = true;
      },
    },
    // Nothing is read before it is asked for.
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => Math.min(at, bytes.length), cancelled: () => cancelled };
}

/**
 * `hasher` as the chunk worker reaches its file-hash worker: each call runs there as it is posted
 * (comlink calls the handler on the message), the buffer is transferred away (detached here) and
 * back, and the answer comes a task later.
 */
function elsewhere(hasher: FileHashApi): FileHashApi {
  const aTaskLater = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 0));
  return {
    startWhole: async (read, at, state) => {
      await hasher.startWhole(read, at, state);
      await aTaskLater();
    },
    hashBatch: async (buffer, batch) => {
      const hashing = hasher.hashBatch(structuredClone(buffer, { transfer: [buffer] }), batch);
      const hashed = await hashing;
      await aTaskLater();
      return { ...hashed, buffer: structuredClone(hashed.buffer, { transfer: [hashed.buffer] }) };
    },
    dropWhole: async (read) => {
      await hasher.dropWhole(read);
      await aTaskLater();
    },
  };
}

const inProcessHasher = (): FileHasher => createFileHasher({ digest: webCryptoDigests, now: () => 0 });

describe('createFileChunker', () => {
  it('gives the FastCDC chunks of the file with their SHA-256, in batches, and the whole SHA-256', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(20_000),
        fc.integer({ min: 1, max: 5000 }),
        fc.nat(),
        async (length, batchBytes, seed) => {
          const bytes = seededBytes(length, seed);
          const batches = await readAll(testChunker(), new Blob([bytes]), { batchBytes });
          const chunks = batches.flatMap((b) => b.chunks);
          expect(chunks.map(({ offset, size }) => ({ offset, length: size }))).toEqual(chunkBoundaries(bytes, SMALL));
          for (const chunk of chunks) {
            expect(chunk.bytes.byteLength).toBe(chunk.size);
            expect(chunk.bytes).toEqual(bytes.subarray(chunk.offset, chunk.offset + chunk.size));
            expect(chunk.hash).toBe(await sha256Hex(chunk.bytes.slice()));
          }
          // A batch's chunks share one buffer, each its own part of it.
          for (const batch of batches)
            expect(new Set(batch.chunks.map((c) => c.bytes.buffer)).size).toBeLessThanOrEqual(1);
          // Every batch but the last reaches batchBytes, and would not without its last chunk.
          for (const batch of batches.slice(0, -1)) {
            const size = batch.chunks.reduce((n, c) => n + c.size, 0);
            expect(size).toBeGreaterThanOrEqual(batchBytes);
            expect(size - (batch.chunks.at(-1)?.size ?? 0)).toBeLessThan(batchBytes);
            expect(batch.done).toBe(false);
          }
          // `end` is where the batch's last chunk ends (where the previous one did, for an empty batch).
          let previousEnd = 0;
          for (const batch of batches) {
            const lastChunk = batch.chunks.at(-1);
            expect(batch.end).toBe(lastChunk === undefined ? previousEnd : lastChunk.offset + lastChunk.size);
            previousEnd = batch.end;
          }
          const last = batches.at(-1);
          expect(last?.done).toBe(true);
          expect(last?.end).toBe(length);
          expect(last?.sha256).toBe(await sha256Hex(bytes));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('cuts at the shipped sizes where the shared chunker does, whatever pieces the stream comes in', async () => {
    const bytes = seededBytes(10 * 1024 * 1024, 11);
    const expected = chunkBoundaries(bytes);
    expect(expected.length).toBeGreaterThan(3);
    for (const piece of [1024 * 1024, 300_001]) {
      const { stream } = countedStream(bytes, piece);
      const chunker = testChunker({ chunker: {}, stream: () => stream });
      const batches = await readAll(chunker, new Blob([bytes]), { batchBytes: 3 * 1024 * 1024 });
      const chunks = batches.flatMap((b) => b.chunks);
      expect(chunks.map(({ offset, size }) => ({ offset, length: size }))).toEqual(expected);
      expect(batches.at(-1)?.sha256).toBe(await sha256Hex(bytes));
    }
  });

  it('gives the same chunks and whole SHA-256 whichever chunks are digested here, there on another thread', async () => {
    const bytes = seededBytes(30_000, 12);
    const file = new Blob([bytes]);
    // Web Crypto, which in Node is node:crypto's SHA-256: not the hash-wasm one the whole hash uses.
    const expected = await Promise.all(
      chunkBoundaries(bytes, SMALL).map(async ({ offset, length }) => ({
        hash: await sha256Hex(bytes.slice(offset, offset + length)),
        offset,
        size: length,
      })),
    );
    const here = await readAll(testChunker(), file, { batchBytes: 2000 });
    const most = Math.max(...here.map((batch) => batch.chunks.length));
    // Every k from none of a batch's chunks here to all of them, and one that changes per batch.
    const splits = [
      ...Array.from({ length: most + 2 }, (_, k) => fixedSplit(() => k)),
      fixedSplit((batch) => (batch * 7) % (most + 1)),
    ];
    // The four-lane SHA-256 on either thread, Web Crypto on the other.
    const pairs = [
      { local: lanesOrThrow(), remote: webCryptoDigests },
      { local: webCryptoDigests, remote: lanesOrThrow() },
    ];
    for (const { local, remote } of pairs) {
      for (const [i, split] of splits.entries()) {
        const hasher = createFileHasher({ digest: remote, now: () => 0 });
        const there = elsewhere(hasher);
        let digestedThere = 0;
        const counting: FileHashApi = {
          ...there,
          hashBatch: (buffer, batch) => {
            digestedThere += batch.ranges.length;
            return there.hashBatch(buffer, batch);
          },
        };
        let callsHere = 0;
        const countedLocal: ChunkDigests = (buffer, ranges) => {
          callsHere++;
          return local(buffer, ranges);
        };
        const batches = await readAll(testChunker({ hasher: counting, split, digest: countedLocal }), file, {
          batchBytes: 2000,
        });
        // The first k of each batch's chunks were digested here, the rest there.
        if (i <= most + 1) {
          expect(digestedThere).toBe(batches.reduce((n, b) => n + Math.max(0, b.chunks.length - i), 0));
          // All of a batch's chunks here in one call, so that the lanes have several at once.
          expect(callsHere).toBe(i === 0 ? 0 : batches.filter((b) => b.chunks.length > 0).length);
        }
        expect(batches.flatMap((b) => b.chunks.map(({ hash, offset, size }) => ({ hash, offset, size })))).toEqual(
          expected,
        );
        expect(batches.at(-1)?.sha256).toBe(await sha256Hex(bytes));
        // The states saved there are those saved here, so either resumes the other.
        expect(batches.map((b) => b.hashState)).toEqual(here.map((b) => b.hashState));
        expect(hasher.reads()).toBe(0);
      }
    }
  });

  it('resumes mid-file with the whole hash there, whichever chunks are digested here', async () => {
    const bytes = seededBytes(30_000, 14);
    const file = new Blob([bytes]);
    const all = await readAll(testChunker(), file, { batchBytes: 2000 });
    const middle = all[Math.floor(all.length / 2)];
    if (middle?.hashState === undefined) throw new Error('no state to resume from');
    for (const k of [0, 1, 3, 100]) {
      const hasher = inProcessHasher();
      const resumed = await readAll(testChunker({ hasher: elsewhere(hasher), split: fixedSplit(() => k) }), file, {
        batchBytes: 2000,
        start: middle.end,
        hashState: middle.hashState,
      });
      expect(resumed.at(-1)?.sha256).toBe(await sha256Hex(bytes));
      expect(resumed.flatMap((b) => b.chunks.map((c) => c.hash))).toEqual(
        all.slice(all.indexOf(middle) + 1).flatMap((b) => b.chunks.map((c) => c.hash)),
      );
    }
  });

  it('gives the same batches with the split balanced on measured costs', async () => {
    const bytes = seededBytes(40_000, 15);
    const file = new Blob([bytes]);
    let time = 0;
    // A clock that moves with each reading, so that every cost measured is some positive figure.
    const now = (): number => (time += 0.25);
    const balanced = await readAll(testChunker({ split: balancedSplit(), now }), file, { batchBytes: 2000 });
    expect(balanced).toEqual(await readAll(testChunker(), file, { batchBytes: 2000 }));
  });

  it('reads into the buffers the caller hands back, and the chunks stay right', async () => {
    const bytes = seededBytes(60_000, 13);
    // A plain stream is copied into the buffers, which keeps them the same objects (a BYOB read
    // hands the same memory back in a new ArrayBuffer).
    const api = testChunker({ stream: () => countedStream(bytes, 700).stream });
    const id = await api.open(new Blob([bytes]), { batchBytes: 3000 });
    const handedBack = new Set<ArrayBuffer>();
    let reused = 0;
    let returned: ArrayBuffer[] = [];
    for (;;) {
      const batch = await api.next(id, returned);
      returned = [];
      for (const chunk of batch.chunks) {
        expect(chunk.bytes).toEqual(bytes.subarray(chunk.offset, chunk.offset + chunk.size));
        expect(chunk.hash).toBe(await sha256Hex(chunk.bytes.slice()));
      }
      const buffer = batch.chunks[0]?.bytes.buffer;
      if (buffer !== undefined) {
        if (handedBack.has(buffer)) reused++;
        handedBack.add(buffer);
        returned = [buffer];
      }
      if (batch.done) break;
    }
    // Three buffers or so go round: the caller's, the next batch's and the one being cut.
    expect(reused).toBeGreaterThan(10);
    expect(handedBack.size).toBeLessThanOrEqual(4);
  });

  it.each([true, false])(
    'reads the next file into the buffers of the last one (its last batch given back: %s)',
    async (lastGivenBack) => {
      const files = new Map(
        [seededBytes(30_000, 21), seededBytes(30_000, 22)].map((bytes) => [new Blob([bytes]), bytes]),
      );
      // Plain streams are copied into the buffers, which keeps them the same objects.
      const api = testChunker({ stream: (file) => countedStream(files.get(file) ?? new Uint8Array(), 700).stream });
      const used: Set<ArrayBuffer>[] = [];
      for (const file of files.keys()) {
        const buffers = new Set<ArrayBuffer>();
        used.push(buffers);
        const id = await api.open(file, { batchBytes: 3000 });
        let returned: ArrayBuffer[] = [];
        for (;;) {
          const batch = await api.next(id, returned);
          const buffer = batch.chunks[0]?.bytes.buffer;
          returned = buffer === undefined ? [] : [buffer];
          if (buffer !== undefined) buffers.add(buffer);
          if (batch.done) break;
        }
        if (lastGivenBack) await api.recycle(returned);
      }
      const [first = new Set(), second = new Set()] = used;
      const fresh = [...second].filter((buffer) => !first.has(buffer));
      // The last batch's buffer kept by the caller is one the next file has to make anew.
      expect(fresh.length).toBe(lastGivenBack ? 0 : 1);
    },
  );

  it('resumes from any batch end with its hash state: the same chunks follow and the same whole SHA-256', async () => {
    const bytes = seededBytes(30_000, 11);
    const file = new Blob([bytes]);
    const all = await readAll(testChunker(), file, { batchBytes: 2000 });
    expect(all.length).toBeGreaterThan(5);
    for (const [i, batch] of all.entries()) {
      if (batch.done) continue;
      const resumed = await readAll(testChunker(), file, {
        batchBytes: 2000,
        start: batch.end,
        ...(batch.hashState !== undefined ? { hashState: batch.hashState } : {}),
      });
      const rest = all.slice(i + 1).flatMap((b) => b.chunks.map(({ hash, offset, size }) => ({ hash, offset, size })));
      expect(resumed.flatMap((b) => b.chunks.map(({ hash, offset, size }) => ({ hash, offset, size })))).toEqual(rest);
      expect(resumed.at(-1)?.sha256).toBe(await sha256Hex(bytes));
    }
  });

  it('gives no whole SHA-256 for a read started past 0 without a state', async () => {
    const bytes = seededBytes(10_000, 5);
    const [first] = await readAll(testChunker(), new Blob([bytes]), { batchBytes: 3000 });
    const rest = await readAll(testChunker(), new Blob([bytes]), { batchBytes: 3000, start: first?.end ?? 0 });
    expect(rest.at(-1)?.sha256).toBeUndefined();
    expect(rest.at(-1)?.hashState).toBeUndefined();
  });

  it('gives one empty batch and the SHA-256 of nothing for an empty file', async () => {
    const batches = await readAll(testChunker(), new Blob([]), { batchBytes: 100 });
    expect(batches).toMatchObject([{ chunks: [], end: 0, done: true }]);
    expect(batches[0]?.sha256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('reads one batch ahead of the caller and no further', async () => {
    const bytes = seededBytes(200_000, 3);
    const source = countedStream(bytes, 500);
    const api = testChunker({ stream: () => source.stream });
    const id = await api.open(new Blob([bytes]), { batchBytes: 10_000 });
    const settle = async (): Promise<void> => {
      for (let i = 0; i < 50; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    };
    let handed = 0;
    for (let step = 0; step < 5; step++) {
      const batch = await api.next(id);
      handed = batch.end;
      await settle();
      // This batch, the next one (each at most batchBytes plus one max-size chunk) and one piece.
      expect(source.pulled()).toBeLessThanOrEqual(handed + 10_000 + SMALL.maxBytes! + 500);
      expect(source.pulled()).toBeGreaterThan(handed);
    }
    await api.cancel(id);
  });

  it('stops reading on cancel, and forgets the read', async () => {
    const bytes = seededBytes(100_000, 9);
    const source = countedStream(bytes, 1000);
    const hasher = inProcessHasher();
    const api = testChunker({ stream: () => source.stream, hasher: elsewhere(hasher) });
    const id = await api.open(new Blob([bytes]), { batchBytes: 5000 });
    await api.next(id);
    expect(hasher.reads()).toBe(1);
    await api.cancel(id);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(source.cancelled()).toBe(true);
    // The file-hash worker drops the read's whole hash too.
    expect(hasher.reads()).toBe(0);
    await expect(api.next(id)).rejects.toThrow(/no read/);
    expect(source.pulled()).toBeLessThan(20_000);
  });

  it('passes a read error on, then forgets the read', async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('the file changed on disk'));
      },
    });
    const hasher = inProcessHasher();
    const api = testChunker({ stream: () => failing, hasher });
    const id = await api.open(new Blob([new Uint8Array(10)]), { batchBytes: 5 });
    await expect(api.next(id)).rejects.toThrow('the file changed on disk');
    await expect(api.next(id)).rejects.toThrow(/no read/);
    expect(hasher.reads()).toBe(0);
  });

  it('refuses a start outside the file and an invalid batch size', async () => {
    const api = testChunker();
    await expect(api.open(new Blob([new Uint8Array(10)]), { batchBytes: 5, start: 11 })).rejects.toThrow(RangeError);
    await expect(api.open(new Blob([new Uint8Array(10)]), { batchBytes: 0 })).rejects.toThrow(RangeError);
  });
});
