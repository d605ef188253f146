// The filesystem steps the local blob store and its batches share: where a chunk lives, and the
// writes and flushes that make a file or a folder entry survive a power cut.
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
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
 * The chunk's size where it is stored as a file (either layout), or undefined when it is not.
 * `legacyFolders` lists the two-level folders (`ab/cd`, relative to the root) that held chunks when
 * the store opened: nothing makes one any more, so elsewhere only the one-level path is looked at.
 */
export async function heldSize(
  root: string,
  hash: ChunkHash,
  legacyFolders: ReadonlySet<string>,
): Promise<number | undefined> {
  return (await heldFile(root, hash, legacyFolders))?.size;
}

/** Where the chunk is stored as a file and its length on disk, as {@link heldSize} looks for it. */
export async function heldFile(
  root: string,
  hash: ChunkHash,
  legacyFolders: ReadonlySet<string>,
): Promise<{ readonly path: string; readonly size: number } | undefined> {
  const path = fanOutPath(root, hash);
  const size = await sizeOf(path);
  if (size !== undefined) return { path, size };
  if (!legacyFolders.has(join(hash.slice(0, 2), hash.slice(2, 4)))) return undefined;
  const legacy = legacyFanOutPath(root, hash);
  const legacySize = await sizeOf(legacy);
  return legacySize === undefined ? undefined : { path: legacy, size: legacySize };
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

/** The two-level folders (`ab/cd`) under the fan-out folders that exist: where older stores put chunks. */
export async function findLegacyFolders(root: string, fanOut: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const top of fanOut) {
    for (const entry of await readdir(join(root, top), { withFileTypes: true })) {
      if (entry.isDirectory() && /^[0-9a-f]{2}$/.test(entry.name)) found.add(join(top, entry.name));
    }
  }
  return found;
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

/** Runs `work` over `items`, `width` at a time; rejects with the first failure once all lanes stop. */
export async function inLanes<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) await work(items[i] as T);
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.min(width, items.length) }, lane));
  const failed = lanes.find((l) => l.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
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
