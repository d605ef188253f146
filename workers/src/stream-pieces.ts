// Reads a file's byte stream as pieces for the chunker. A byte stream (a Blob's, in Chromium and
// Node) is read with a BYOB reader into one buffer used again for every piece: chunkAndHash keeps
// no piece once it asks for the next. Fresh buffers per piece cost most of the chunking time on the
// 2-core VMs measured (Blob reads at 140-200 MB/s into new buffers, 600-1,100 MB/s into one reused).

/** The error a stopped read ends with, named as an abort is. */
export class ReadStopped extends Error {
  constructor() {
    super('read cancelled');
    this.name = 'AbortError';
  }
}

export type PieceSource = {
  /** The stream's bytes; each piece is valid until the next is asked for. Throws ReadStopped once stopped. */
  readonly pieces: AsyncGenerator<Uint8Array, void, undefined>;
  /** Cancels the stream; a read under way ends with ReadStopped rather than passing for the end. */
  stop(): void;
};

/** Pieces of `stream`, through one `bufferBytes` buffer when it is a byte stream, else as it gives them. */
export function readPieces(stream: ReadableStream<Uint8Array>, bufferBytes: number): PieceSource {
  let stopped = false;
  const byob = byobReaderOf(stream);
  const plain = byob === undefined ? stream.getReader() : undefined;

  async function* reused(source: ReadableStreamBYOBReader): AsyncGenerator<Uint8Array, void, undefined> {
    let buffer = new ArrayBuffer(bufferBytes);
    for (;;) {
      // The read detaches `buffer` and hands the same memory back as `value.buffer`.
      const { done, value } = await source.read(new Uint8Array(buffer));
      if (stopped) throw new ReadStopped();
      if (done) return;
      buffer = value.buffer;
      yield value;
    }
  }

  async function* given(source: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
    for (;;) {
      const { done, value } = await source.read();
      if (stopped) throw new ReadStopped();
      if (done) return;
      yield value;
    }
  }

  return {
    pieces: byob !== undefined ? reused(byob) : given(plain ?? stream.getReader()),
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
