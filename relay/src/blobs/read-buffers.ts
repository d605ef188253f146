// Buffers that stored chunks are read whole into, kept for the next read. A sealed chunk is read
// whole, opened into buffers of its own, and then its stored bytes are done with: a fresh buffer
// for each of them cost as much as the rest of a download together (page faults on new memory, and
// garbage collections set off by the outside-heap bytes), and a download reads one after another.

/** A buffer lent by {@link ReadBuffers}: `bytes` until `release`, never after. */
export type LentBuffer = {
  /** Exactly the length asked for. */
  readonly bytes: Buffer;
  /**
   * Gives the buffer back for another read. Only when nothing handed out still points into it: a
   * caller that passed `bytes` on (or a part of it) must call `keep` instead.
   */
  release(): void;
  /** The buffer was passed on and stays with whoever holds it; a later read gets another. */
  keep(): void;
};

export class ReadBuffers {
  readonly #capacity: number;
  readonly #spare: Buffer[] = [];
  readonly #maxSpare: number;

  /**
   * @param capacity the longest read; longer ones get a buffer of their own, never kept.
   * @param maxSpare how many idle buffers are kept: memory held between reads is at most
   * `capacity × maxSpare`, and only the part of each that a read touched is resident.
   */
  constructor(capacity: number, maxSpare: number) {
    this.#capacity = capacity;
    this.#maxSpare = maxSpare;
  }

  /** Idle buffers kept now (for tests). */
  get spare(): number {
    return this.#spare.length;
  }

  /** A buffer of `length` bytes, not zeroed: its bytes are the last read's until overwritten. */
  lend(length: number): LentBuffer {
    if (length > this.#capacity) return { bytes: Buffer.allocUnsafeSlow(length), release: noop, keep: noop };
    const whole = this.#spare.pop() ?? Buffer.allocUnsafeSlow(this.#capacity);
    let settled = false;
    return {
      bytes: whole.subarray(0, length),
      release: () => {
        if (settled) return;
        settled = true;
        if (this.#spare.length < this.#maxSpare) this.#spare.push(whole);
      },
      keep: () => {
        settled = true;
      },
    };
  }
}

const noop = (): void => undefined;
