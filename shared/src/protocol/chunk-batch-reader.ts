// Reads the framing of POST /api/v1/chunks/batch (chunk-batch.ts) from a byte stream cut anywhere,
// one frame at a time: a frame's bytes are handed on as they arrive, so a reader holds at most one
// piece of the body. The limits are checked from each header, before the frame's bytes are read.
import { toHex } from '../hex.js';
import { ChunkHash } from '../ids.js';
import { type Result, err, ok } from '../result.js';
import { FRAME_HEADER_BYTES } from './chunk-batch.js';

export type BatchLimits = {
  readonly maxChunkBytes: number;
  readonly maxBatchBytes: number;
  readonly maxChunks: number;
};

/** Why a body is not a batch the reader accepts. */
export type BatchFrameError =
  /** The body ended inside a frame. */
  | { readonly kind: 'truncated' }
  /** A header declared a chunk over `maxChunkBytes`. */
  | { readonly kind: 'chunk_too_large'; readonly size: number }
  /** The frames go past `maxBatchBytes`, or there are more than `maxChunks`. */
  | { readonly kind: 'batch_too_large' };

export type BatchFrame = {
  readonly hash: ChunkHash;
  /** The length the header declares; `bytes` yields exactly this many. */
  readonly size: number;
  /** The frame's bytes; read them (or leave them: `next` skips the rest) before asking for the next frame. */
  readonly bytes: AsyncIterable<Uint8Array>;
};

export class ChunkBatchReader {
  readonly #source: AsyncIterator<Uint8Array>;
  readonly #limits: BatchLimits;
  /** Bytes received but not yet handed on. */
  #pending: Uint8Array = new Uint8Array(0);
  /** Bytes of the current frame not yet handed on. */
  #frameLeft = 0;
  #frames = 0;
  #total = 0;
  #truncated = false;

  /**
   * @param body the request body; it is read with `next()` and never closed here, so that a caller
   *   can still answer on the same connection after an error.
   */
  constructor(body: AsyncIterable<Uint8Array>, limits: BatchLimits) {
    this.#source = body[Symbol.asyncIterator]();
    this.#limits = limits;
  }

  /** Whether the body ended inside a frame (so a frame's bytes came short: not the uploader's hash). */
  get truncated(): boolean {
    return this.#truncated;
  }

  /** The next frame, undefined at the end of a well-formed body, or why the body is refused. */
  async next(): Promise<Result<BatchFrame | undefined, BatchFrameError>> {
    while (this.#frameLeft > 0) {
      if ((await this.#take(this.#frameLeft)) === undefined) return err({ kind: 'truncated' });
    }
    if (this.#pending.byteLength === 0 && !(await this.#fill())) return ok(undefined);
    while (this.#pending.byteLength < FRAME_HEADER_BYTES) {
      if (!(await this.#fill())) {
        this.#truncated = true;
        return err({ kind: 'truncated' });
      }
    }
    const header = this.#pending.subarray(0, FRAME_HEADER_BYTES);
    const hash = ChunkHash.parse(toHex(header.subarray(0, 32)));
    const size = new DataView(header.buffer, header.byteOffset, FRAME_HEADER_BYTES).getUint32(32, false);
    this.#pending = this.#pending.subarray(FRAME_HEADER_BYTES);
    this.#frames += 1;
    this.#total += FRAME_HEADER_BYTES + size;
    if (size > this.#limits.maxChunkBytes) return err({ kind: 'chunk_too_large', size });
    if (this.#total > this.#limits.maxBatchBytes || this.#frames > this.#limits.maxChunks) {
      return err({ kind: 'batch_too_large' });
    }
    this.#frameLeft = size;
    return ok({ hash, size, bytes: this.#frameBytes() });
  }

  async *#frameBytes(): AsyncGenerator<Uint8Array> {
    while (this.#frameLeft > 0) {
      const piece = await this.#take(this.#frameLeft);
      if (piece === undefined) return;
      yield piece;
    }
  }

  /** Up to `max` bytes of the current frame; undefined when the body ended first. */
  async #take(max: number): Promise<Uint8Array | undefined> {
    if (this.#pending.byteLength === 0 && !(await this.#fill())) {
      this.#truncated = true;
      return undefined;
    }
    const piece = this.#pending.subarray(0, Math.min(max, this.#pending.byteLength));
    this.#pending = this.#pending.subarray(piece.byteLength);
    this.#frameLeft -= piece.byteLength;
    return piece;
  }

  /** Appends the next piece of the body to what is pending; false at its end. */
  async #fill(): Promise<boolean> {
    for (;;) {
      const next = await this.#source.next();
      if (next.done === true) return false;
      const piece = next.value;
      if (piece.byteLength === 0) continue;
      if (this.#pending.byteLength === 0) {
        this.#pending = piece;
      } else {
        // Only while a header is cut across pieces: the join copies one piece, once per such header.
        const joined = new Uint8Array(this.#pending.byteLength + piece.byteLength);
        joined.set(this.#pending);
        joined.set(piece, this.#pending.byteLength);
        this.#pending = joined;
      }
      return true;
    }
  }
}
