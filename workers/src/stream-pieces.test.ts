import { describe, expect, it } from 'vitest';
import { seededBytes } from './chunk-test-kit.js';
import { ReadStopped, readPieces } from './stream-pieces.js';

/** A byte stream of `bytes` that fills whatever view it is asked to, at most `most` bytes at a time. */
function byteStream(bytes: Uint8Array, most: number): { stream: ReadableStream<Uint8Array>; views: number[] } {
  let at = 0;
  const views: number[] = [];
  const stream = new ReadableStream({
    type: 'bytes',
    pull(controller) {
      const request = controller.byobRequest;
      if (request?.view == null) throw new Error('pulled without a BYOB request');
      views.push(request.view.buffer.byteLength);
      if (at >= bytes.length) {
        controller.close();
        request.respond(0);
        return;
      }
      const n = Math.min(most, request.view.byteLength, bytes.length - at);
      new Uint8Array(request.view.buffer, request.view.byteOffset, n).set(bytes.subarray(at, at + n));
      at += n;
      request.respond(n);
    },
  });
  return { stream, views };
}

async function concat(pieces: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const copies: Uint8Array[] = [];
  for await (const piece of pieces) copies.push(piece.slice());
  const out = new Uint8Array(copies.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of copies) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

describe('readPieces', () => {
  it('reads a byte stream into one buffer of the given size, again and again', async () => {
    const bytes = seededBytes(10_000, 7);
    const { stream, views } = byteStream(bytes, 700);
    expect(await concat(readPieces(stream, 1024).pieces)).toEqual(bytes);
    expect(views.length).toBeGreaterThan(10);
    expect(new Set(views)).toEqual(new Set([1024]));
  });

  it("reads a Blob's stream", async () => {
    const bytes = seededBytes(300_000, 8);
    expect(await concat(readPieces(new Blob([bytes]).stream(), 4096).pieces)).toEqual(bytes);
  });

  it('reads any other stream piece by piece, as it gives them', async () => {
    const bytes = seededBytes(5000, 9);
    const given = [bytes.slice(0, 10), bytes.slice(10, 4000), bytes.slice(4000)];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of given) controller.enqueue(piece);
        controller.close();
      },
    });
    const pieces: Uint8Array[] = [];
    for await (const piece of readPieces(stream, 16).pieces) pieces.push(piece);
    expect(pieces).toEqual(given);
  });

  it('ends a read under way with ReadStopped, not with the end of the stream, and cancels it', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      type: 'bytes',
      // Never answers: the read is under way when the test stops it.
      pull: () => new Promise<void>(() => undefined),
      cancel() {
        cancelled = true;
      },
    });
    const source = readPieces(stream, 64);
    const first = source.pieces.next();
    source.stop();
    await expect(first).rejects.toBeInstanceOf(ReadStopped);
    expect(cancelled).toBe(true);
  });
});
