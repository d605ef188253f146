// Turns a file's byte stream into hashed chunks: FastCDC boundaries (Xia et al., USENIX ATC 2016, see
// fastcdc.ts) plus each chunk's bytes gathered from the pieces and hashed with an injected digest.

import { createChunker, type ChunkerOptions } from './fastcdc.js';

/** A chunk of the stream, with its own copy of the bytes and their digest. */
export interface HashedStreamChunk extends StreamChunk {
  /** What `digest` returned for `bytes`. */
  readonly hash: Uint8Array;
}

/**
 * A digest of one whole chunk, injected so that shared/ stays platform-free: in browsers
 * `(b) => crypto.subtle.digest('SHA-256', b).then((d) => new Uint8Array(d))`, in Node `node:crypto`.
 */
export type ChunkDigest = (bytes: Uint8Array<ArrayBuffer>) => Promise<Uint8Array>;

/** A chunk of the stream with its own copy of the bytes, not hashed yet. */
export interface StreamChunk {
  /** Where the chunk starts in the stream. */
  readonly offset: number;
  readonly length: number;
  /** A fresh buffer holding exactly the chunk: safe to keep, store or transfer to a worker. */
  readonly bytes: Uint8Array<ArrayBuffer>;
}

/**
 * Cuts a stream into FastCDC chunks, each copied into a fresh buffer of exactly its size (a hash needs
 * the chunk in one buffer, and the consumer may keep or transfer it), yielded in stream order.
 *
 * The tail of a piece that no chunk finished yet is copied into a staging buffer of this generator (at
 * most one chunk's size, reused), so no piece is referenced once the next one is asked for: a source may
 * read every piece into the same buffer. The next piece is read only when the consumer asks for the next
 * chunk, so a slow consumer slows the reads.
 */
export async function* cutChunks(
  pieces: AsyncIterable<Uint8Array>,
  options: ChunkerOptions = {},
): AsyncGenerator<StreamChunk, void, undefined> {
  const chunker = createChunker(options);
  /** The current chunk's bytes from earlier pieces: `staging[0, staged)`. Grows as needed, never shrinks. */
  let staging = new Uint8Array(0);
  let staged = 0;
  /** The piece being cut, and how much of it went into chunks already. */
  let piece: Uint8Array = new Uint8Array(0);
  let pieceAt = 0;

  /** The current chunk, `length` bytes: the staged ones, then the rest from the current piece. */
  function takeChunk(length: number): Uint8Array<ArrayBuffer> {
    const bytes = new Uint8Array(length);
    bytes.set(staging.subarray(0, staged));
    const fromPiece = length - staged;
    bytes.set(piece.subarray(pieceAt, pieceAt + fromPiece), staged);
    pieceAt += fromPiece;
    staged = 0;
    return bytes;
  }

  /** Keeps what is left of the current piece, the start of the next chunk, before the piece is let go. */
  function stageRest(): void {
    const rest = piece.length - pieceAt;
    if (staged + rest > staging.length) {
      // Doubling keeps the copies few for large chunks and the buffer small for small streams.
      const grown = new Uint8Array(Math.max(staged + rest, 2 * staging.length));
      grown.set(staging.subarray(0, staged));
      staging = grown;
    }
    staging.set(piece.subarray(pieceAt), staged);
    staged += rest;
    // Let go of the piece: its source may already be reading the next bytes into that memory.
    piece = new Uint8Array(0);
    pieceAt = 0;
  }

  for await (const next of pieces) {
    if (next.length === 0) continue;
    piece = next;
    pieceAt = 0;
    for (const { offset, length } of chunker.push(piece)) yield { offset, length, bytes: takeChunk(length) };
    stageRest();
  }
  for (const { offset, length } of chunker.end()) yield { offset, length, bytes: takeChunk(length) };
}

/**
 * Chunks a stream with FastCDC ({@link cutChunks}) and hashes each chunk, one at a time, yielding the
 * chunks in stream order.
 */
export async function* chunkAndHash(
  pieces: AsyncIterable<Uint8Array>,
  digest: ChunkDigest,
  options: ChunkerOptions = {},
): AsyncGenerator<HashedStreamChunk, void, undefined> {
  for await (const chunk of cutChunks(pieces, options)) yield { ...chunk, hash: await digest(chunk.bytes) };
}
