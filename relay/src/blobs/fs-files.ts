// The filesystem steps the local blob store and its batches share: where a chunk lives, and the
// writes and flushes that make a file or a folder entry survive a power cut.
import { close, open as openFd, read } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ChunkHash } from '@sheaf/shared/ids';
import { ok, type Result } from '@sheaf/shared/result';
import { readVerified, type PutError } from './blob-store.js';
import type { ChunkSealer } from './chunk-seal.js';

/** The 256 fan-out folders `00` … `ff`, made once when a store opens. */
export const FAN_OUT_FOLDERS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Where a chunk lives under `root`: `ab/<hash>`, by its first byte. One level of 256 folders, all
 * made when the store opens, so that storing a chunk never makes a folder, and a batch of chunks
 * flushes at most 256 folder entries (two levels put nearly every new chunk in a folder of its own,
 * and made two folders for it). ext4's hashed directories keep lookups fast at millions of files.
 */
export function fanOutPath(root: string, hash: ChunkHash): string {
  // Re-checked because this string becomes a path: a brand can be forged with a cast, a path
  // traversal cannot be taken back.
  const checked = ChunkHash.parse(hash);
  return join(root, checked.slice(0, 2), checked);
}

/** Where stores before the one-level layout put a chunk (`ab/cd/<hash>`): still read and deleted. */
export function legacyFanOutPath(root: string, hash: ChunkHash): string {
  const checked = ChunkHash.parse(hash);
  return join(root, checked.slice(0, 2), checked.slice(2, 4), checked);
}

/**
 * Reads `length` bytes at `position` of an open file, all of them or rejecting: a file shorter than
 * its listing says is damaged, not a short chunk.
 */
export async function readExactly(file: FileHandle, length: number, position: number): Promise<Buffer> {
  // Filled whole below or not returned, so it need not be zeroed first.
  return readInto(file, Buffer.allocUnsafe(length), position);
}

/** As {@link readExactly}, into `out` (all of it), which is returned. */
export async function readInto(file: FileHandle, out: Buffer, position: number): Promise<Buffer> {
  const length = out.byteLength;
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await file.read(out, filled, length - filled, position + filled);
    if (bytesRead === 0) throw new Error(`a stored chunk ends ${length - filled} bytes early`);
    filled += bytesRead;
  }
  return out;
}

/** One read(2) at `position` into `out[offset, offset + length)`: the bytes read (0 at the end). */
export type ReadAt = (fd: number, out: Buffer, offset: number, length: number, position: number) => Promise<number>;

const readAt: ReadAt = (fd, out, offset, length, position) =>
  new Promise((resolve, reject) => {
    read(fd, out, offset, length, position, (error, bytesRead) =>
      error === null ? resolve(bytesRead) : reject(error),
    );
  });

export type ReadFileStartOptions = {
  /**
   * Read on until a read returns nothing or `out` is full. Without it one read that comes back
   * short is taken as the end, as it is for a local file; a caller that finds those bytes wrong
   * reads again with this before calling the file damaged.
   */
  readonly toEnd?: boolean;
  /** How a read is made (tests cut reads short with it). */
  readonly readAt?: ReadAt;
};

/**
 * The first bytes of the file at `path`, read into `out` from its start: how many, or undefined
 * when there is no file. A file that fills `out` may be longer. No `stat`: a chunk file's length is
 * where its bytes end, and the read asks for the most a chunk can have. Callbacks rather than a
 * FileHandle: each FileHandle call costs a promise and an object besides the round trip to the
 * thread pool, and this runs once per chunk of every download. The file is closed without waiting.
 */
export function readFileStart(
  path: string,
  out: Buffer,
  options: ReadFileStartOptions = {},
): Promise<number | undefined> {
  const readOnce = options.readAt ?? readAt;
  return new Promise((resolve, reject) => {
    openFd(path, 'r', (openError, fd) => {
      if (openError !== null) {
        if (isNotFound(openError)) resolve(undefined);
        else reject(openError);
        return;
      }
      // Nothing waits on the close: what was read is whole, and a failed close loses none of it.
      const settle = (outcome: number | Error): void => {
        close(fd, () => undefined);
        if (typeof outcome === 'number') resolve(outcome);
        else reject(outcome);
      };
      const readFrom = (filled: number): void => {
        if (filled === out.byteLength) {
          settle(filled);
          return;
        }
        readOnce(fd, out, filled, out.byteLength - filled, filled).then(
          (bytesRead) => {
            if (bytesRead === 0 || options.toEnd !== true) settle(filled + bytesRead);
            else readFrom(filled + bytesRead);
          },
          (error: unknown) => settle(error instanceof Error ? error : new Error(String(error))),
        );
      };
      readFrom(0);
    });
  });
}

export async function writeAll(file: FileHandle, pieces: Uint8Array[]): Promise<void> {
  let pending = pieces;
  while (pending.length > 0) {
    let { bytesWritten } = await file.writev(pending);
    // A short write leaves the rest of the pieces, the first one possibly cut.
    const rest: Uint8Array[] = [];
    for (const piece of pending) {
      if (bytesWritten >= piece.byteLength) {
        bytesWritten -= piece.byteLength;
      } else {
        rest.push(piece.subarray(bytesWritten));
        bytesWritten = 0;
      }
    }
    pending = rest;
  }
}

/** Flushes a file or a folder to disk; for a folder, this makes its new entries survive a power cut (POSIX). */
export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/**
 * Reads and verifies one chunk's body as `readVerified` does, keeping its pieces (sealed piece by
 * piece when a sealer is given, so only the sealed copy is held) until the caller writes them: a
 * chunk is at most 4 MiB, and a body that fails its hash touches no disk.
 */
export async function readChunkPieces(
  hash: ChunkHash,
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
  sealer: ChunkSealer | undefined,
): Promise<Result<{ size: number; pieces: Uint8Array[] }, PutError>> {
  const seal = sealer?.seal(hash);
  const pieces: Uint8Array[] = seal === undefined ? [] : [seal.header];
  const verified = await readVerified(
    hash,
    body,
    maxBytes,
    (piece) => void pieces.push(seal === undefined ? piece : seal.update(piece)),
  );
  if (!verified.ok) return verified;
  if (seal !== undefined) pieces.push(seal.final());
  return ok({ size: verified.value, pieces });
}
