// HeldPieces: a stream of pieces already in memory, read like any other stream, or taken whole by a
// reader that knows it, but only while nothing has been read from it.
import { finished } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { readAll, sampleBytes } from './blob-store-contract.js';
import { HeldPieces } from './held-pieces.js';

const pieces = (): Uint8Array[] => [sampleBytes(70_000, 1), sampleBytes(0, 2), sampleBytes(20_000, 3)];
const joined = (parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

describe('HeldPieces', () => {
  it('streams its pieces in order', async () => {
    const stream = new HeldPieces(pieces());
    expect(await readAll(stream)).toStrictEqual(joined(pieces()));
  });

  it('hands its pieces over as they are, once, and is done with them', () => {
    const held = pieces();
    const stream = new HeldPieces([...held]);
    const taken = stream.takePieces();
    expect(taken).toHaveLength(3);
    taken?.forEach((piece, i) => expect(piece).toBe(held[i]));
    expect(stream.destroyed).toBe(true);
    expect(stream.takePieces()).toBeUndefined();
  });

  it('keeps its pieces to the stream once reading has begun', async () => {
    const stream = new HeldPieces(pieces());
    const parts: Uint8Array[] = [];
    const taken: (Uint8Array[] | undefined)[] = [];
    stream.on('data', (piece: Uint8Array) => {
      parts.push(piece);
      if (taken.length === 0) taken.push(stream.takePieces());
    });
    await finished(stream);
    expect(taken).toStrictEqual([undefined]);
    expect(joined(parts)).toStrictEqual(joined(pieces()));
  });
});
