import { describe, expect, it } from 'vitest';
import { seededBytes } from './chunk-test-kit.js';
import { ReadStopped, byteReader, type ByteReader } from './stream-pieces.js';

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

/** Every byte of `reader`, read into one buffer of `size` bytes, `most` at a time, and the buffers it read into. */
async function readAll(
  reader: ByteReader,
  size: number,
  most: number,
): Promise<{ bytes: Uint8Array; sizes: number[] }> {
  const out: number[] = [];
  const sizes: number[] = [];
  let buffer = new ArrayBuffer(size);
  for (;;) {
    const got = await reader.read(new Uint8Array(buffer, 1, most));
    buffer = got.buffer;
    sizes.push(buffer.byteLength);
    if (got.bytes === 0) return { bytes: Uint8Array.from(out), sizes };
    out.push(...new Uint8Array(buffer, 1, got.bytes));
  }
}

describe('byteReader', () => {
  it('reads a byte stream into the part of the buffer it is given, handing the same memory back', async () => {
    const bytes = seededBytes(10_000, 7);
    const { stream, views } = byteStream(bytes, 700);
    const { bytes: read, sizes } = await readAll(byteReader(stream), 2048, 1024);
    expect(read).toEqual(bytes);
    expect(views.length).toBeGreaterThan(10);
    // Each read was into the caller's buffer, never a new one of the stream's.
    expect(new Set(views)).toEqual(new Set([2048]));
    expect(new Set(sizes)).toEqual(new Set([2048]));
  });

  it("reads a Blob's stream", async () => {
    const bytes = seededBytes(300_000, 8);
    expect((await readAll(byteReader(new Blob([bytes]).stream()), 4096, 4000)).bytes).toEqual(bytes);
  });

  it('copies any other stream into the buffer, keeping what did not fit for the next read', async () => {
    const bytes = seededBytes(5000, 9);
    const given = [bytes.slice(0, 10), bytes.slice(10, 4000), bytes.slice(4000)];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of given) controller.enqueue(piece);
        controller.close();
      },
    });
    expect((await readAll(byteReader(stream), 64, 16)).bytes).toEqual(bytes);
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
    const reader = byteReader(stream);
    const first = reader.read(new Uint8Array(64));
    reader.stop();
    await expect(first).rejects.toBeInstanceOf(ReadStopped);
    expect(cancelled).toBe(true);
  });
});
