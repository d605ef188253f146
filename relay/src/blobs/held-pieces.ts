// A chunk's bytes already in memory (read, and opened when sealed) as the byte stream BlobStore.get
// answers with; a reader that knows this class takes the pieces themselves instead of streaming them.

import { Readable } from 'node:stream';

/**
 * A byte stream of pieces already in memory, each pushed as it is (as large as the sealer opens
 * them): cutting them smaller, or Readable.from's async iteration, cost a share of each download.
 */
export class HeldPieces extends Readable {
  /** Taken out as they are passed on, so that the stream holds only what is left (a chunk has 16 at most). */
  #pieces: Uint8Array[];

  constructor(pieces: Uint8Array[]) {
    super();
    this.#pieces = pieces;
  }

  override _read(): void {
    for (;;) {
      const piece = this.#pieces.shift();
      if (piece === undefined) {
        this.push(null);
        return;
      }
      if (!this.push(piece)) return;
    }
  }

  /**
   * All the pieces, handed over whole, and the stream destroyed: what a download sends, without a
   * round of stream events per chunk. Undefined once the stream was read or destroyed; a caller
   * then reads it as any other stream.
   */
  takePieces(): Uint8Array[] | undefined {
    if (this.destroyed || this.readableDidRead || this.readableFlowing !== null || this.readableLength > 0) {
      return undefined;
    }
    const pieces = this.#pieces;
    this.#pieces = [];
    this.destroy();
    return pieces;
  }
}
