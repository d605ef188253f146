// Turns a file's byte stream into hashed chunks: FastCDC boundaries (Xia et al., USENIX ATC 2016, see
// fastcdc.ts) plus each chunk's bytes gathered from the pieces and hashed with an injected digest.

import { createChunker, type ChunkerOptions } from './fastcdc.js';

/** A chunk of the stream, with its own copy of the bytes and their digest. */
export interface HashedStreamChunk {
  /** Where the chunk starts in the stream. */
  readonly offset: number;
  readonly length: number;
  /** A fresh buffer holding exactly the chunk: safe to keep, store or transfer to a worker. */
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** What `digest` returned for `bytes`. */
  readonly hash: Uint8Array;
}

/**
 * A digest of one whole chunk, injected so that shared/ stays platform-free: in browsers
 * `(b) => crypto.subtle.digest('SHA-256', b).then((d) => new Uint8Array(d))`, in Node `node:crypto`.
 */
export type ChunkDigest = (bytes: Uint8Array<ArrayBuffer>) => Promise<Uint8Array>;

/**
 * Chunks a stream with FastCDC and hashes each chunk, yielding the chunks in stream order.
 *
 * It holds at most one chunk's pieces plus the current piece: a piece is referenced, not copied, until the
 * chunks it ends are complete, then each chunk is copied once into its own buffer (the digest needs the
 * chunk in one buffer, and the consumer may keep it). So the source must not reuse a piece's buffer after
 * handing it over, as a ReadableStream or a Node stream does not. Chunks are hashed one at a time, in order;
 * the next piece is read only when the consumer asks for the next chunk, so a slow consumer slows the reads.
 */
export async function* chunkAndHash(
  pieces: AsyncIterable<Uint8Array>,
  digest: ChunkDigest,
  options: ChunkerOptions = {},
): AsyncGenerator<HashedStreamChunk, void, undefined> {
  const chunker = createChunker(options);
  /** Pieces (or their tails) not yet in a finished chunk; the first starts where the current chunk starts. */
  let held: Uint8Array[] = [];

  /** Copies the next `length` held bytes into a chunk of their own and drops what it used. */
  function takeChunk(length: number): Uint8Array<ArrayBuffer> {
    const bytes = new Uint8Array(length);
    let filled = 0;
    let used = 0;
    for (const piece of held) {
      const take = Math.min(piece.length, length - filled);
      bytes.set(piece.subarray(0, take), filled);
      filled += take;
      if (take < piece.length) {
        held = [piece.subarray(take), ...held.slice(used + 1)];
        return bytes;
      }
      used++;
      if (filled === length) break;
    }
    held = held.slice(used);
    return bytes;
  }

  for await (const piece of pieces) {
    if (piece.length === 0) continue;
    held.push(piece);
    for (const { offset, length } of chunker.push(piece)) {
      const bytes = takeChunk(length);
      yield { offset, length, bytes, hash: await digest(bytes) };
    }
  }
  for (const { offset, length } of chunker.end()) {
    const bytes = takeChunk(length);
    yield { offset, length, bytes, hash: await digest(bytes) };
  }
}
