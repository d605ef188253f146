// The batch framing read back from a body cut at arbitrary points, and each way a body is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../hex.js';
import { ChunkHash } from '../ids.js';
import { encodeChunkBatch, frameHeader, chunkBatchBytes, MAX_BATCH_BYTES, MAX_CHUNK_BYTES } from './chunk-batch.js';
import { ChunkBatchReader, type BatchLimits } from './chunk-batch-reader.js';

const LIMITS: BatchLimits = { maxChunkBytes: MAX_CHUNK_BYTES, maxBatchBytes: MAX_BATCH_BYTES, maxChunks: 100 };

/** A fake address: the reader does not hash, so any 32 bytes will do. */
const fakeHash = (seed: number): ChunkHash => ChunkHash.parse(toHex(new Uint8Array(32).fill(seed & 0xff)));

function join(pieces: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

async function* cut(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < bytes.byteLength; i++) {
    const size = sizes.length === 0 ? bytes.byteLength : (sizes[i % sizes.length] ?? 1);
    yield bytes.slice(at, at + size);
    at += size;
    await Promise.resolve();
  }
}

async function readAll(reader: ChunkBatchReader, skip = false) {
  const frames: Array<{ hash: ChunkHash; bytes: Uint8Array }> = [];
  for (;;) {
    const next = await reader.next();
    if (!next.ok) return { frames, error: next.error };
    if (next.value === undefined) return { frames, error: undefined };
    const pieces: Uint8Array[] = [];
    if (!skip) for await (const piece of next.value.bytes) pieces.push(piece);
    frames.push({ hash: next.value.hash, bytes: join(pieces) });
  }
}

describe('ChunkBatchReader', () => {
  it('reads back every frame whatever the pieces the body arrives in', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 6 }),
        async (contents, sizes) => {
          const chunks = contents.map((bytes, i) => ({ hash: fakeHash(i), bytes }));
          const body = join(encodeChunkBatch(chunks));
          expect(body.byteLength).toBe(chunkBatchBytes(contents.map((c) => c.byteLength)));
          const read = await readAll(
            new ChunkBatchReader(
              cut(
                body,
                sizes.filter((s) => s > 0),
              ),
              LIMITS,
            ),
          );
          expect(read.error).toBeUndefined();
          expect(read.frames).toStrictEqual(chunks);
        },
      ),
    );
  });

  it('skips the bytes of a frame its consumer left unread', async () => {
    const chunks = [
      { hash: fakeHash(1), bytes: new Uint8Array(50).fill(1) },
      { hash: fakeHash(2), bytes: new Uint8Array(70).fill(2) },
    ];
    const read = await readAll(new ChunkBatchReader(cut(join(encodeChunkBatch(chunks)), [7]), LIMITS), true);
    expect(read.error).toBeUndefined();
    expect(read.frames.map((f) => f.hash)).toStrictEqual([fakeHash(1), fakeHash(2)]);
  });

  it('refuses a body that ends inside a header or inside a frame', async () => {
    const body = join(encodeChunkBatch([{ hash: fakeHash(1), bytes: new Uint8Array(100) }]));
    for (const end of [10, 36, 80]) {
      const reader = new ChunkBatchReader(cut(body.subarray(0, end), [13]), LIMITS);
      const read = await readAll(reader);
      expect(read.error).toStrictEqual({ kind: 'truncated' });
      expect(reader.truncated).toBe(true);
    }
  });

  it('refuses a frame over the chunk limit from its header, before reading its bytes', async () => {
    let piecesRead = 0;
    async function* body(): AsyncGenerator<Uint8Array> {
      piecesRead++;
      yield frameHeader(fakeHash(1), MAX_CHUNK_BYTES + 1);
      await Promise.resolve();
      piecesRead++;
      yield new Uint8Array(1000);
    }
    const read = await readAll(new ChunkBatchReader(body(), LIMITS));
    expect(read.error).toStrictEqual({ kind: 'chunk_too_large', size: MAX_CHUNK_BYTES + 1 });
    expect(piecesRead).toBe(1);
  });

  it('refuses more frames or more bytes than the batch limits', async () => {
    const many = encodeChunkBatch(
      Array.from({ length: 4 }, (_, i) => ({ hash: fakeHash(i), bytes: new Uint8Array(10) })),
    );
    const tooMany = await readAll(new ChunkBatchReader(cut(join(many), []), { ...LIMITS, maxChunks: 3 }));
    expect(tooMany).toMatchObject({ error: { kind: 'batch_too_large' } });
    expect(tooMany.frames).toHaveLength(3);
    const tooBig = await readAll(new ChunkBatchReader(cut(join(many), []), { ...LIMITS, maxBatchBytes: 3 * 46 + 45 }));
    expect(tooBig).toMatchObject({ error: { kind: 'batch_too_large' } });
    expect(tooBig.frames).toHaveLength(3);
  });
});
