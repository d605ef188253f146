// Which chunks the filesystem store holds as files of their own (not in packs), kept in memory:
// listed once when the store opens, then kept current by the store's puts and deletes, the only
// writers under its root. Asking it is a Set lookup where a `stat` of a chunk file, usually missing
// because small chunks live in packs, cost 35-60 µs per chunk of a batch (mostly Node building the
// ENOENT error). About 100 bytes per chunk file; chunks stored alone are the large ones, so even a
// terabyte of them is about a million entries.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChunkHash } from '@sheaf/shared/ids';
import { legacyFanOutPath } from './fs-files.js';

const HASH = /^[0-9a-f]{64}$/;
const FOLDER = /^[0-9a-f]{2}$/;

/** The chunk files under a store's root, by layout; see the module comment. */
export class ChunkFiles {
  readonly #root: string;
  /** Chunks at `ab/<hash>`. */
  readonly #files = new Set<string>();
  /** Chunks at `ab/cd/<hash>`, where stores before the one-level layout put them. */
  readonly #legacy = new Set<string>();

  private constructor(root: string) {
    this.#root = root;
  }

  /**
   * Lists the chunk files in the fan-out folders `folders` (names like `ab`) under `root`, both
   * layouts. A name that is not a hash, or a file in a folder its hash does not start with, is not
   * where the store would look for a chunk, and is left out.
   */
  static async list(root: string, folders: readonly string[]): Promise<ChunkFiles> {
    const files = new ChunkFiles(root);
    for (const top of folders) {
      for (const entry of await readdir(join(root, top), { withFileTypes: true })) {
        if (entry.isFile() && HASH.test(entry.name) && entry.name.startsWith(top)) {
          files.#files.add(entry.name);
        } else if (entry.isDirectory() && FOLDER.test(entry.name)) {
          const prefix = top + entry.name;
          for (const name of await readdir(join(root, top, entry.name))) {
            if (HASH.test(name) && name.startsWith(prefix)) files.#legacy.add(name);
          }
        }
      }
    }
    return files;
  }

  /** Whether the chunk is stored as a file, in either layout. */
  has(hash: ChunkHash): boolean {
    return this.#files.has(hash) || this.#legacy.has(hash);
  }

  /** The file holding the chunk (the one-level layout first, as reads always looked), or undefined. */
  pathOf(hash: ChunkHash): string | undefined {
    // Joined without fanOutPath's re-parse (a zod check per chunk of every download): every name in
    // #files was checked to be a hash when it was listed or added, so it is safe as a path.
    if (this.#files.has(hash)) return join(this.#root, hash.slice(0, 2), hash);
    if (this.#legacy.has(hash)) return legacyFanOutPath(this.#root, hash);
    return undefined;
  }

  /** Notes a chunk file renamed into place at `ab/<hash>`. */
  added(hash: ChunkHash): void {
    // Checked here, once, so that pathOf can trust every name it holds.
    if (!HASH.test(hash)) throw new Error(`not a chunk hash: ${hash}`);
    this.#files.add(hash);
  }

  /** Forgets the chunk's files, before they are removed, so that nothing counts on them meanwhile. */
  removed(hash: ChunkHash): void {
    this.#files.delete(hash);
    this.#legacy.delete(hash);
  }
}
