// The one contract every BlobStore adapter passes (vitest). Adapter tests call runBlobStoreContract
// with a factory; anything an adapter adds on top (on-disk layout, temp files) is tested beside it.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ChunkHash } from '@sheaf/shared/ids';
import { MAX_CHUNK_BYTES } from '@sheaf/shared/protocol/chunk-put';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from './blob-store.js';

/** What a contract run needs from an adapter: a fresh, empty store per test, and its cleanup. */
export type MakeBlobStore = () => Promise<{ store: BlobStore; teardown: () => Promise<void> }>;

/** The SHA-256 address of `bytes`. */
export function hashOf(bytes: Uint8Array): ChunkHash {
  return ChunkHash.parse(createHash('sha256').update(bytes).digest('hex'));
}

/** `length` deterministic, non-repeating-looking bytes. */
export function sampleBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    // xorshift32: cheap, deterministic, and never a run of equal bytes that could hide an offset bug.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** `bytes` as a body cut at the given piece sizes (cycled), yielding to the event loop between pieces. */
export async function* piecesOf(
  bytes: Uint8Array,
  sizes: readonly number[] = [bytes.byteLength],
): AsyncGenerator<Uint8Array> {
  let offset = 0;
  let i = 0;
  do {
    const size = sizes[i++ % sizes.length] ?? bytes.byteLength;
    yield bytes.slice(offset, offset + size);
    offset += size;
    await new Promise<void>((resolve) => setImmediate(resolve));
  } while (offset < bytes.byteLength);
}

/** Everything a stream yields, joined. */
export async function readAll(stream: Readable): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of stream as AsyncIterable<unknown>) {
    if (!(part instanceof Uint8Array)) throw new TypeError('a blob stream must yield bytes');
    parts.push(part);
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** Runs the BlobStore contract against the adapter that `makeStore` builds. */
export function runBlobStoreContract(name: string, makeStore: MakeBlobStore): void {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    let teardown: () => Promise<void> = () => Promise.resolve();
    beforeEach(async () => {
      ({ store, teardown } = await makeStore());
    });
    afterEach(async () => {
      await teardown();
    });

    const bytes = sampleBytes(10_000);
    const hash = hashOf(bytes);

    const contents = async (h: ChunkHash, range?: { start: number; end: number }): Promise<Uint8Array | undefined> => {
      const stream = await store.get(h, range);
      return stream === undefined ? undefined : readAll(stream);
    };
    const expectAbsent = async (h: ChunkHash): Promise<void> => {
      expect(await store.has(h)).toBe(false);
      expect(await store.size(h)).toBeUndefined();
      expect(await store.get(h)).toBeUndefined();
    };

    it('stores a chunk and reads the same bytes back', async () => {
      expect(await store.put(hash, piecesOf(bytes), MAX_CHUNK_BYTES)).toStrictEqual({
        ok: true,
        value: { size: bytes.byteLength, stored: true },
      });
      expect(await store.has(hash)).toBe(true);
      expect(await store.size(hash)).toBe(bytes.byteLength);
      expect(await contents(hash)).toStrictEqual(bytes);
    });

    it('accepts a Node Readable as the body', async () => {
      const result = await store.put(hash, Readable.from([Buffer.from(bytes)]), MAX_CHUNK_BYTES);
      expect(result.ok).toBe(true);
      expect(await contents(hash)).toStrictEqual(bytes);
    });

    it('answers stored:false to a second put of the same chunk, having read its body', async () => {
      await store.put(hash, piecesOf(bytes), MAX_CHUNK_BYTES);
      let piecesRead = 0;
      async function* counted(): AsyncGenerator<Uint8Array> {
        for await (const piece of piecesOf(bytes, [1000])) {
          piecesRead++;
          yield piece;
        }
      }
      expect(await store.put(hash, counted(), MAX_CHUNK_BYTES)).toStrictEqual({
        ok: true,
        value: { size: bytes.byteLength, stored: false },
      });
      expect(piecesRead).toBe(10);
      expect(await contents(hash)).toStrictEqual(bytes);
    });

    it('rejects bytes that do not hash to the address and stores nothing', async () => {
      const wrong = sampleBytes(10_000, 2);
      expect(await store.put(hash, piecesOf(wrong), MAX_CHUNK_BYTES)).toStrictEqual({
        ok: false,
        error: { kind: 'hash_mismatch', actual: hashOf(wrong) },
      });
      await expectAbsent(hash);
      await expectAbsent(hashOf(wrong));
    });

    it('rejects wrong bytes put under a chunk it already holds, keeping the held chunk', async () => {
      await store.put(hash, piecesOf(bytes), MAX_CHUNK_BYTES);
      const result = await store.put(hash, piecesOf(sampleBytes(10_000, 3)), MAX_CHUNK_BYTES);
      expect(result.ok ? undefined : result.error.kind).toBe('hash_mismatch');
      expect(await contents(hash)).toStrictEqual(bytes);
    });

    it('stops reading a body past maxBytes, answers too_large and stores nothing', async () => {
      let closed = false;
      let piecesRead = 0;
      async function* endless(): AsyncGenerator<Uint8Array> {
        try {
          for (;;) {
            piecesRead++;
            yield new Uint8Array(1000);
            await Promise.resolve();
          }
        } finally {
          closed = true;
        }
      }
      expect(await store.put(hash, endless(), 2500)).toStrictEqual({
        ok: false,
        error: { kind: 'too_large', maxBytes: 2500 },
      });
      expect(piecesRead).toBe(3);
      expect(closed).toBe(true);
      await expectAbsent(hash);
    });

    it('accepts a chunk of exactly maxBytes', async () => {
      const result = await store.put(hash, piecesOf(bytes, [3000]), bytes.byteLength);
      expect(result).toStrictEqual({ ok: true, value: { size: bytes.byteLength, stored: true } });
    });

    it('reads back a byte range, clamped to the chunk like subarray', async () => {
      await store.put(hash, piecesOf(bytes), MAX_CHUNK_BYTES);
      expect(await contents(hash, { start: 0, end: 1 })).toStrictEqual(bytes.subarray(0, 1));
      expect(await contents(hash, { start: 4095, end: 8193 })).toStrictEqual(bytes.subarray(4095, 8193));
      expect(await contents(hash, { start: 9000, end: 20_000 })).toStrictEqual(bytes.subarray(9000));
      expect(await contents(hash, { start: 500, end: 500 })).toStrictEqual(new Uint8Array(0));
      expect(await contents(hash, { start: 20_000, end: 30_000 })).toStrictEqual(new Uint8Array(0));
    });

    it('rejects a malformed range as a caller bug', async () => {
      await store.put(hash, piecesOf(bytes), MAX_CHUNK_BYTES);
      await expect(store.get(hash, { start: 10, end: 5 })).rejects.toThrow(RangeError);
      await expect(store.get(hash, { start: -1, end: 5 })).rejects.toThrow(RangeError);
      await expect(store.get(hash, { start: 0.5, end: 5 })).rejects.toThrow(RangeError);
    });

    it('answers undefined for the size and bytes of a chunk it does not hold', async () => {
      await expectAbsent(hash);
      expect(await store.get(hash, { start: 0, end: 10 })).toBeUndefined();
    });

    it('deletes a chunk, and deleting a missing chunk does nothing', async () => {
      const other = sampleBytes(100, 4);
      await store.put(hash, piecesOf(bytes), MAX_CHUNK_BYTES);
      await store.put(hashOf(other), piecesOf(other), MAX_CHUNK_BYTES);
      await store.delete(hash);
      await expectAbsent(hash);
      expect(await contents(hashOf(other))).toStrictEqual(other);
      await store.delete(hash);
      await expectAbsent(hash);
      expect(await store.put(hash, piecesOf(bytes), MAX_CHUNK_BYTES)).toStrictEqual({
        ok: true,
        value: { size: bytes.byteLength, stored: true },
      });
    });

    it('assembles a body cut into many small pieces at odd boundaries, empty pieces included', async () => {
      const big = sampleBytes(100_003, 5);
      const result = await store.put(hashOf(big), piecesOf(big, [1, 7, 0, 4093, 13, 65_537, 2]), MAX_CHUNK_BYTES);
      expect(result).toStrictEqual({ ok: true, value: { size: big.byteLength, stored: true } });
      expect(await contents(hashOf(big))).toStrictEqual(big);
    });

    it('lets concurrent puts of one chunk both succeed, leaving one intact chunk', async () => {
      const results = await Promise.all([
        store.put(hash, piecesOf(bytes, [333]), MAX_CHUNK_BYTES),
        store.put(hash, piecesOf(bytes, [777]), MAX_CHUNK_BYTES),
      ]);
      for (const result of results) expect(result.ok && result.value.size).toBe(bytes.byteLength);
      expect(results.some((r) => r.ok && r.value.stored)).toBe(true);
      expect(await store.size(hash)).toBe(bytes.byteLength);
      expect(await contents(hash)).toStrictEqual(bytes);
    });

    it('stores the empty chunk (SHA-256 of zero bytes)', async () => {
      const empty = new Uint8Array(0);
      const emptyHash = hashOf(empty);
      expect(emptyHash).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      expect(await store.put(emptyHash, piecesOf(empty), MAX_CHUNK_BYTES)).toStrictEqual({
        ok: true,
        value: { size: 0, stored: true },
      });
      expect(await store.has(emptyHash)).toBe(true);
      expect(await store.size(emptyHash)).toBe(0);
      expect(await contents(emptyHash)).toStrictEqual(empty);
      expect(await contents(emptyHash, { start: 0, end: 0 })).toStrictEqual(empty);
      expect(await store.put(emptyHash, piecesOf(empty), 0)).toStrictEqual({
        ok: true,
        value: { size: 0, stored: false },
      });
    });

    describe('batch', () => {
      const others = [sampleBytes(5000, 11), sampleBytes(1, 12), sampleBytes(70_001, 13)];

      it('stores every chunk added, visible only once committed, and answers each in order', async () => {
        const batch = store.batch();
        for (const chunk of [bytes, ...others]) {
          expect(await batch.add(hashOf(chunk), piecesOf(chunk, [4096]), MAX_CHUNK_BYTES)).toStrictEqual({
            ok: true,
            value: { size: chunk.byteLength },
          });
        }
        await expectAbsent(hash);
        expect(await batch.commit()).toStrictEqual(
          [bytes, ...others].map((chunk) => ({ size: chunk.byteLength, stored: true })),
        );
        for (const chunk of [bytes, ...others]) expect(await contents(hashOf(chunk))).toStrictEqual(chunk);
      });

      it('answers stored:false for a chunk already held and for a chunk added twice', async () => {
        await store.put(hash, piecesOf(bytes), MAX_CHUNK_BYTES);
        const [other] = others;
        if (other === undefined) throw new Error('no sample');
        const batch = store.batch();
        await batch.add(hash, piecesOf(bytes), MAX_CHUNK_BYTES);
        await batch.add(hashOf(other), piecesOf(other), MAX_CHUNK_BYTES);
        await batch.add(hashOf(other), piecesOf(other, [7]), MAX_CHUNK_BYTES);
        expect(await batch.commit()).toStrictEqual([
          { size: bytes.byteLength, stored: false },
          { size: other.byteLength, stored: true },
          { size: other.byteLength, stored: false },
        ]);
        expect(await contents(hash)).toStrictEqual(bytes);
        expect(await contents(hashOf(other))).toStrictEqual(other);
      });

      it('refuses a chunk that does not hash to its address, staging nothing of it', async () => {
        const batch = store.batch();
        await batch.add(hash, piecesOf(bytes), MAX_CHUNK_BYTES);
        const wrong = sampleBytes(300, 14);
        const refused = await batch.add(hashOf(others[0] ?? wrong), piecesOf(wrong), MAX_CHUNK_BYTES);
        expect(refused).toStrictEqual({ ok: false, error: { kind: 'hash_mismatch', actual: hashOf(wrong) } });
        expect(await batch.add(hash, piecesOf(bytes), 10)).toStrictEqual({
          ok: false,
          error: { kind: 'too_large', maxBytes: 10 },
        });
        expect(await batch.commit()).toStrictEqual([{ size: bytes.byteLength, stored: true }]);
        await expectAbsent(hashOf(others[0] ?? wrong));
        await expectAbsent(hashOf(wrong));
      });

      it('makes nothing visible when discarded', async () => {
        const batch = store.batch();
        for (const chunk of others) await batch.add(hashOf(chunk), piecesOf(chunk), MAX_CHUNK_BYTES);
        await batch.discard();
        await batch.discard();
        for (const chunk of others) await expectAbsent(hashOf(chunk));
        await expect(batch.add(hash, piecesOf(bytes), MAX_CHUNK_BYTES)).rejects.toThrow();
      });

      it('lets a batch and a put of the same chunk both succeed, leaving one intact chunk', async () => {
        const batch = store.batch();
        await batch.add(hash, piecesOf(bytes), MAX_CHUNK_BYTES);
        const [put, outcomes] = await Promise.all([
          store.put(hash, piecesOf(bytes, [999]), MAX_CHUNK_BYTES),
          batch.commit(),
        ]);
        expect(put.ok).toBe(true);
        // Callers that need exactly one `stored: true` hold the chunk's lock around both.
        expect([put.ok && put.value.stored, outcomes[0]?.stored].some(Boolean)).toBe(true);
        expect(await contents(hash)).toStrictEqual(bytes);
      });

      it('stores again a chunk deleted between its add and the commit', async () => {
        await store.put(hash, piecesOf(bytes), MAX_CHUNK_BYTES);
        const batch = store.batch();
        await batch.add(hash, piecesOf(bytes), MAX_CHUNK_BYTES);
        await store.delete(hash);
        expect(await batch.commit()).toStrictEqual([{ size: bytes.byteLength, stored: true }]);
        expect(await contents(hash)).toStrictEqual(bytes);
      });
    });

    it('hands out copies: changing bytes read back leaves the chunk intact', async () => {
      await store.put(hash, piecesOf(bytes), MAX_CHUNK_BYTES);
      const stream = await store.get(hash);
      if (stream === undefined) throw new Error('chunk should be held');
      for await (const part of stream as AsyncIterable<unknown>) if (part instanceof Uint8Array) part.fill(0);
      expect(await contents(hash)).toStrictEqual(bytes);
    });
  });
}
