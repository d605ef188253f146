// Reads a file's byte stream straight into the chunker's batch buffers. A byte stream (a Blob's, in
// Chromium and Node) is read with a BYOB reader into the very buffer the chunks are handed out in:
// no copy between the read and the chunk. Fresh buffers per piece cost most of the chunking time on
// the 2-core VMs measured (Blob reads at 140-200 MB/s into new buffers, 600-1,100 MB/s into reused).

/** The error a stopped read ends with, named as an abort is. */
export class ReadStopped extends Error {
  constructor() {
    super('read cancelled');
    this.name = 'AbortError';
  }
}

/** What one read gave: the target's memory (its buffer may have been detached and handed back) and the bytes put there. */
export type Filled = { readonly buffer: ArrayBuffer; readonly bytes: number };

export type ByteReader = {
  /**
   * Reads the stream's next bytes into `target` (not empty), from its start. Use the returned buffer
   * afterwards: `target`'s may be detached. No bytes means the end of the stream. Throws ReadStopped
   * once stopped.
   */
  read(target: Uint8Array<ArrayBuffer>): Promise<Filled>;
  /** Cancels the stream; a read under way ends with ReadStopped rather than passing for the end. */
  stop(): void;
};

/** A reader of `stream` into buffers of the caller's: BYOB when it is a byte stream, else copying what it gives. */
export function byteReader(stream: ReadableStream<Uint8Array>): ByteReader {
  let stopped = false;
  const byob = byobReaderOf(stream);
  const plain = byob === undefined ? stream.getReader() : undefined;
  /** What a plain stream gave that did not fit the last target. */
  let left: Uint8Array = new Uint8Array(0);

  async function readByob(source: ReadableStreamBYOBReader, target: Uint8Array<ArrayBuffer>): Promise<Filled> {
    // The read detaches `target`'s buffer and hands the same memory back as `value.buffer`.
    const { value } = await source.read(target);
    if (stopped) throw new ReadStopped();
    if (value === undefined) throw new Error('the stream gave back no buffer');
    return { buffer: value.buffer, bytes: value.byteLength };
  }

  async function readPlain(
    source: ReadableStreamDefaultReader<Uint8Array>,
    target: Uint8Array<ArrayBuffer>,
  ): Promise<Filled> {
    while (left.length === 0) {
      const { done, value } = await source.read();
      if (stopped) throw new ReadStopped();
      if (done) return { buffer: target.buffer, bytes: 0 };
      left = value;
    }
    const bytes = Math.min(left.length, target.length);
    target.set(left.subarray(0, bytes));
    left = left.subarray(bytes);
    return { buffer: target.buffer, bytes };
  }

  return {
    read: (target) => (byob !== undefined ? readByob(byob, target) : readPlain(plain ?? stream.getReader(), target)),
    stop() {
      stopped = true;
      void (byob ?? plain)?.cancel().catch(() => undefined);
    },
  };
}

/** A BYOB reader when `stream` is a byte stream; getReader throws a TypeError otherwise. */
function byobReaderOf(stream: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | undefined {
  try {
    return stream.getReader({ mode: 'byob' });
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}
