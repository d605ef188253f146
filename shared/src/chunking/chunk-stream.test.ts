import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../hex.js';
import { chunkAndHash, type ChunkDigest } from './chunk-stream.js';
import { chunkBoundaries, type ChunkerOptions } from './fastcdc.js';

const SMALL: ChunkerOptions = { minBytes: 64, avgBytes: 256, maxBytes: 1024 };

// Web Crypto, as the browser uses: shared/ may not import node:crypto, and Node 20 has it as a global.
const subtle = (
  globalThis as unknown as {
    crypto: { subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> } };
  }
).crypto.subtle;
const sha256: ChunkDigest = async (bytes) => new Uint8Array(await subtle.digest('SHA-256', bytes));

/** Yields `bytes` in pieces of the given sizes (cycled), each a view into the same buffer. */
async function* piecesOf(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? bytes.length;
    yield bytes.subarray(at, at + size);
    at += size;
    await Promise.resolve();
  }
}

/**
 * Yields `bytes` in pieces of the given sizes (cycled), all in one buffer that is scribbled over as soon as
 * the next piece is asked for, as a BYOB reader reusing its buffer would.
 */
async function* reusedBufferPieces(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  const buffer = new Uint8Array(Math.max(1, ...sizes));
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.min(sizes[i % sizes.length] ?? bytes.length, bytes.length - at);
    buffer.set(bytes.subarray(at, at + size));
    yield buffer.subarray(0, size);
    buffer.fill(0xa5);
    at += size;
    await Promise.resolve();
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('chunkAndHash', () => {
  it('yields the FastCDC chunks with their own bytes and SHA-256, however the stream is split', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 8000 }),
        fc.array(fc.oneof(fc.constantFrom(0, 1), fc.nat(3000)), { maxLength: 12 }),
        async (bytes, sizes) => {
          const cycle = sizes.some((s) => s > 0) ? sizes : [...sizes, 1];
          const chunks = await collect(chunkAndHash(piecesOf(bytes, cycle), sha256, SMALL));
          expect(chunks.map(({ offset, length }) => ({ offset, length }))).toEqual(chunkBoundaries(bytes, SMALL));
          for (const c of chunks) {
            const expected = bytes.subarray(c.offset, c.offset + c.length);
            expect(c.bytes).toEqual(expected);
            // Its own buffer, so a consumer may transfer it without detaching anyone else's bytes.
            expect(c.bytes.buffer.byteLength).toBe(c.length);
            expect(toHex(c.hash)).toBe(toHex(await sha256(Uint8Array.from(expected))));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('chunks a few MiB at the shipped sizes', async () => {
    const bytes = new Uint8Array(6 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (Math.imul(i, 2654435761) >>> 13) & 0xff;
    const chunks = await collect(chunkAndHash(piecesOf(bytes, [65_536, 1_000_003]), sha256));
    expect(chunks.map(({ offset, length }) => ({ offset, length }))).toEqual(chunkBoundaries(bytes));
    expect(chunks.reduce((n, c) => n + c.length, 0)).toBe(bytes.length);
  });

  it('yields nothing for an empty stream', async () => {
    expect(await collect(chunkAndHash(piecesOf(new Uint8Array(0), [1]), sha256))).toEqual([]);
  });

  it('keeps no piece once it asks for the next one: a source may reuse its buffer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 8000 }),
        fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 8 }),
        async (bytes, sizes) => {
          const chunks = await collect(chunkAndHash(reusedBufferPieces(bytes, sizes), sha256, SMALL));
          expect(chunks.map(({ offset, length }) => ({ offset, length }))).toEqual(chunkBoundaries(bytes, SMALL));
          for (const c of chunks) {
            const expected = bytes.subarray(c.offset, c.offset + c.length);
            expect(c.bytes).toEqual(expected);
            expect(toHex(c.hash)).toBe(toHex(await sha256(Uint8Array.from(expected))));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
