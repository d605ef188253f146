// What the file-hash worker offers the chunk worker through comlink: hashers by id, each given one
// file's chunks in order. The chunk buffers are transferred there and back, never copied.
import type { AddedChunk } from './file-hash.js';

export type FileHashApi = {
  /** A new hasher, its whole-file hash resumed from `state` when given; its id. */
  open(state: Uint8Array | undefined): Promise<number>;
  /** Adds the next chunk to hasher `id`'s whole-file hash, hashes it alone and hands the buffer back. */
  addChunk(id: number, bytes: ArrayBuffer): Promise<AddedChunk>;
  save(id: number): Uint8Array;
  digest(id: number): Uint8Array;
  close(id: number): void;
};
