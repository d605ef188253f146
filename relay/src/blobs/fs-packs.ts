// Pack files: the chunks of one batch in one file, so that a batch of small chunks costs one file
// flush and one folder flush rather than one of each per chunk (measured here: 256 chunks of 4 KiB
// took ~500 ms as files, each flushed; one file of them is a few ms). A pack is written whole to
// `tmp/`, flushed, then renamed into `packs/`, so a pack in `packs/` is always complete. Its footer
// lists where each chunk is, and is read at open into memory. A deleted chunk is appended to the
// pack's `.dead` list (no flush: a delete lost in a crash only leaves a chunk for the next
// collection); a pack whose chunks are all dead is removed. A pack written by a sealing store ends in
// its own magic: every chunk in it is sealed (chunk-seal.ts) and listed with its sealed length, so a
// store tells a chunk's plaintext size without reading it, and packs from before sealing stay plain.
import { appendFile, open, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { toHex } from '@sheaf/shared/hex';
import { ChunkHash } from '@sheaf/shared/ids';

export const PACKS_DIR = 'packs';
/** Per chunk in the footer: hash (32), offset (8), length (4). */
const ENTRY_BYTES = 44;
/** After the entries: their count (4) and one of these magics (8). */
const PLAIN_MAGIC = Buffer.from('SHEAFPK1');
const SEALED_MAGIC = Buffer.from('SHEAFPS1');
const TRAILER_BYTES = 4 + PLAIN_MAGIC.byteLength;

/** Where a chunk is in a pack; `size` is its length in the pack (sealed, when `sealed`). */
export type PackedChunk = {
  readonly pack: string;
  readonly offset: number;
  readonly size: number;
  readonly sealed: boolean;
};
/** A footer's entry: `size` is the chunk's length in the pack, whether sealed or not. */
export type PackEntry = { readonly hash: ChunkHash; readonly offset: number; readonly size: number };

/** The footer that closes a pack whose chunks are `entries`, all sealed or all plain. */
export function packFooter(entries: readonly PackEntry[], sealed: boolean): Uint8Array {
  const footer = new Uint8Array(entries.length * ENTRY_BYTES + TRAILER_BYTES);
  const view = new DataView(footer.buffer);
  entries.forEach(({ hash, offset, size }, i) => {
    const at = i * ENTRY_BYTES;
    footer.set(Buffer.from(hash, 'hex'), at);
    view.setBigUint64(at + 32, BigInt(offset), false);
    view.setUint32(at + 40, size, false);
  });
  view.setUint32(entries.length * ENTRY_BYTES, entries.length, false);
  footer.set(sealed ? SEALED_MAGIC : PLAIN_MAGIC, entries.length * ENTRY_BYTES + 4);
  return footer;
}

/** Where each packed chunk is, kept in memory; see the module comment. */
export class Packs {
  readonly #dir: string;
  readonly #chunks = new Map<ChunkHash, PackedChunk>();
  /** Chunks still listed per pack, to remove a pack when none is left. */
  readonly #live = new Map<string, number>();

  private constructor(dir: string) {
    this.#dir = dir;
  }

  /** Reads every pack's footer and dead list under `dir` (made if missing). */
  static async open(dir: string): Promise<Packs> {
    const packs = new Packs(dir);
    const names = new Set(await readdir(dir).catch(() => []));
    for (const name of names) {
      if (!name.endsWith('.pack')) continue;
      const pack = name.slice(0, -'.pack'.length);
      const dead = names.has(`${pack}.dead`) ? await readDead(join(dir, `${pack}.dead`)) : new Set<string>();
      const footer = await readFooter(join(dir, name));
      // Not ours or damaged: left alone rather than removed, since nothing can tell what it held.
      if (footer === undefined) continue;
      const entries = footer.entries.filter((e) => !dead.has(e.hash));
      packs.add(pack, entries, footer.sealed);
      // A pack left with nothing (its last delete was recorded but the removal did not happen).
      if (entries.length === 0) await packs.#remove(pack);
    }
    return packs;
  }

  get dir(): string {
    return this.#dir;
  }

  pathOf(pack: string): string {
    return join(this.#dir, `${pack}.pack`);
  }

  locate(hash: ChunkHash): PackedChunk | undefined {
    return this.#chunks.get(hash);
  }

  /** Makes the chunks of a pack now in `packs/` visible. A chunk already packed elsewhere keeps its place. */
  add(pack: string, entries: readonly PackEntry[], sealed: boolean): void {
    let live = 0;
    for (const { hash, offset, size } of entries) {
      if (this.#chunks.has(hash)) continue;
      this.#chunks.set(hash, { pack, offset, size, sealed });
      live += 1;
    }
    this.#live.set(pack, (this.#live.get(pack) ?? 0) + live);
  }

  /** Forgets a packed chunk; removes its pack once nothing in it is left. Does nothing for a chunk not packed. */
  async delete(hash: ChunkHash): Promise<void> {
    const packed = this.#chunks.get(hash);
    if (packed === undefined) return;
    this.#chunks.delete(hash);
    const left = (this.#live.get(packed.pack) ?? 1) - 1;
    this.#live.set(packed.pack, left);
    if (left > 0) {
      await appendFile(join(this.#dir, `${packed.pack}.dead`), `${hash}\n`);
    } else {
      await this.#remove(packed.pack);
    }
  }

  async #remove(pack: string): Promise<void> {
    this.#live.delete(pack);
    // The pack first: a dead list without its pack is harmless, the reverse would revive chunks.
    await rm(this.pathOf(pack), { force: true });
    await rm(join(this.#dir, `${pack}.dead`), { force: true });
  }
}

/** The entries of a pack's footer and whether its chunks are sealed; undefined when it has no valid footer. */
async function readFooter(path: string): Promise<{ entries: PackEntry[]; sealed: boolean } | undefined> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size < TRAILER_BYTES) return undefined;
    const trailer = Buffer.alloc(TRAILER_BYTES);
    await file.read(trailer, 0, TRAILER_BYTES, size - TRAILER_BYTES);
    const magic = trailer.subarray(4);
    const sealed = magic.equals(SEALED_MAGIC);
    if (!sealed && !magic.equals(PLAIN_MAGIC)) return undefined;
    const count = trailer.readUInt32BE(0);
    if (count * ENTRY_BYTES > size - TRAILER_BYTES) return undefined;
    const footer = Buffer.alloc(count * ENTRY_BYTES);
    await file.read(footer, 0, footer.byteLength, size - TRAILER_BYTES - footer.byteLength);
    const entries = Array.from({ length: count }, (_, i) => {
      const at = i * ENTRY_BYTES;
      return {
        hash: ChunkHash.parse(toHex(footer.subarray(at, at + 32))),
        offset: Number(footer.readBigUInt64BE(at + 32)),
        size: footer.readUInt32BE(at + 40),
      };
    });
    return { entries, sealed };
  } finally {
    await file.close();
  }
}

async function readDead(path: string): Promise<Set<string>> {
  // A line torn by a crash is not a hash and is skipped: that chunk only stays until it is deleted again.
  const text = await readFile(path, 'utf8');
  return new Set(text.split('\n').filter((line) => /^[0-9a-f]{64}$/.test(line)));
}
