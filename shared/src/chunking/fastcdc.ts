// Content-defined chunk boundaries: FastCDC (Xia et al., "FastCDC: a Fast and Efficient Content-Defined
// Chunking Approach for Data Deduplication", USENIX ATC 2016) with a 32-bit gear hash and normalised chunking
// at level 2, as a streaming chunker that keeps no input bytes, only the rolling hash and a count.

/** Smallest chunk, except the last one of a stream: no boundary is looked for in a chunk's first 256 KiB. */
export const MIN_CHUNK_BYTES = 256 * 1024;
/** The chunk size normalised chunking aims at. */
export const AVG_CHUNK_BYTES = 1024 * 1024;
/** Largest chunk: a boundary is forced here when the content offers none. */
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Seed of the gear table. Never change it, nor {@link gearTable}'s generator: chunk boundaries, and so
 * deduplication against every chunk already stored, depend on the exact table.
 */
export const GEAR_SEED = 0x53686561; // "Shea" in ASCII

/** How far the two masks sit from log2(average): level 2, as in the paper and the `fastcdc` crate's v2020. */
const NORMALIZATION_LEVEL = 2;

/** A chunk found in a stream: `length` bytes starting `offset` bytes from the stream's start. */
export interface ChunkBoundary {
  readonly offset: number;
  readonly length: number;
}

/** Chunk sizes in bytes; the defaults are the shipped sizes, other values are for tests. */
export interface ChunkerOptions {
  readonly minBytes?: number;
  readonly avgBytes?: number;
  readonly maxBytes?: number;
}

/** A streaming chunker: feed it the stream's bytes in pieces of any size, then call `end`. */
export interface Chunker {
  /**
   * Reads the next piece of the stream and returns the chunks it completed, in order. The piece is read, not
   * kept: the caller may reuse it once this returns. Boundaries do not depend on how the stream was split.
   */
  push(bytes: Uint8Array): ChunkBoundary[];
  /** Ends the stream: returns the last, possibly short, chunk (none for an empty stream). No push after. */
  end(): ChunkBoundary[];
}

/**
 * The 256 gear values, from mulberry32 (Tommy Ettinger's 32-bit PRNG: a Weyl sequence with step 0x6d2b79f5
 * through an xorshift-multiply mix) seeded with {@link GEAR_SEED}. Generated rather than pasted so the source
 * stays short and the recipe is on record; a test pins the result, since it must never change once shipped.
 */
export function gearTable(): Uint32Array {
  const table = new Uint32Array(256);
  let state = GEAR_SEED;
  for (let i = 0; i < 256; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    table[i] = (t ^ (t >>> 14)) >>> 0;
  }
  return table;
}

const GEAR = gearTable();

/**
 * A 32-bit mask with `bits` one bits spread evenly from bit 31 down. The gear hash shifts left once per byte,
 * so bit k depends on the last k + 1 bytes: spreading the bits, rather than packing them at the bottom, makes
 * a match depend on a window of about 32 bytes, as the paper's spread masks do for its 64-bit hash.
 */
export function spreadMask(bits: number): number {
  if (!Number.isInteger(bits) || bits < 1 || bits > 32) throw new RangeError(`mask bits ${bits} outside 1..32`);
  let mask = 0;
  for (let j = 0; j < bits; j++) mask |= 1 << (31 - Math.floor((j * 32) / bits));
  return mask >>> 0;
}

/** A chunker's sizes and masks, checked: what any implementation of these boundaries needs. */
export interface ChunkerSizes {
  readonly min: number;
  readonly avg: number;
  readonly max: number;
  /** Stricter mask, used before the average size: fewer early cuts. */
  readonly maskS: number;
  /** Looser mask, used from the average size on: a cut soon after it. */
  readonly maskL: number;
}

/**
 * The sizes of `options` (the shipped ones by default) and the two masks they give.
 *
 * @throws RangeError if the sizes are not integers with 1 <= min <= avg <= max and a usable average.
 */
export function chunkerSizes(options: ChunkerOptions = {}): ChunkerSizes {
  const min = options.minBytes ?? MIN_CHUNK_BYTES;
  const avg = options.avgBytes ?? AVG_CHUNK_BYTES;
  const max = options.maxBytes ?? MAX_CHUNK_BYTES;
  for (const n of [min, avg, max]) if (!Number.isSafeInteger(n)) throw new RangeError(`chunk size ${n} not an integer`);
  // min >= 1 keeps every chunk non-empty: the byte whose hash matched opens the next chunk (see push).
  if (!(1 <= min && min <= avg && avg <= max)) throw new RangeError(`need 1 <= min ${min} <= avg ${avg} <= max ${max}`);
  const bits = Math.round(Math.log2(avg));
  if (bits - NORMALIZATION_LEVEL < 1 || bits + NORMALIZATION_LEVEL > 32) {
    throw new RangeError(`average chunk size ${avg} outside what a 32-bit gear hash can aim at`);
  }
  return {
    min,
    avg,
    max,
    maskS: spreadMask(bits + NORMALIZATION_LEVEL),
    maskL: spreadMask(bits - NORMALIZATION_LEVEL),
  };
}

/**
 * Where a gear scan stopped: `at`, the index of the first byte whose hash matched the mask, or -1 when
 * none did, and then `hash`, the hash after the last byte scanned.
 */
export interface GearScanned {
  readonly at: number;
  readonly hash: number;
}

/**
 * The hot loop of a chunker: rolls the gear hash from `hash` over `bytes[from, to)` and stops at the first
 * byte whose hash has no one bit under `mask`. {@link scanGear} is the plain one; a faster one (WebAssembly,
 * workers/src/gear-cut) plugs into {@link createChunkerWith} and gets the same boundaries.
 */
export type GearScan = (bytes: Uint8Array, from: number, to: number, hash: number, mask: number) => GearScanned;

/** The gear scan in plain JavaScript: about 1.6 ns a byte in V8 (../shared/MEASURED.md). */
export const scanGear: GearScan = (bytes, from, to, hash, mask) => {
  const gear = GEAR;
  let h = hash;
  for (let k = from; k < to; k++) {
    h = ((h << 1) + gear[bytes[k]!]!) >>> 0;
    if ((h & mask) === 0) return { at: k, hash: h };
  }
  return { at: -1, hash: h };
};

/**
 * Creates a streaming FastCDC chunker. The cut decision at a byte depends only on the rolling hash and the
 * byte's position in its chunk, so those two numbers are all the state carried between pieces: no input is
 * buffered or copied, and the boundaries are the same however the stream is split.
 *
 * As in the paper's Algorithm 1 and the crate's `cut`: the first `minBytes` of a chunk are skipped unhashed,
 * the hash starts from 0 after them, the stricter mask applies up to `avgBytes` and the looser one up to
 * `maxBytes`, and when the hash of the byte at chunk index i matches, the chunk is i bytes long and that byte
 * opens the next chunk. A chunk reaching `maxBytes` is cut there.
 *
 * @throws RangeError if the sizes are not integers with 1 <= min <= avg <= max and a usable average.
 */
export function createChunker(options: ChunkerOptions = {}): Chunker {
  return createChunkerWith(scanGear, options);
}

/**
 * {@link createChunker} with its hash rolled by `scan`: the boundaries depend on the sizes and the scan's
 * answers alone, so a scan that answers as {@link scanGear} does gives the same chunks.
 *
 * @throws RangeError for the sizes {@link createChunker} refuses.
 */
export function createChunkerWith(scan: GearScan, options: ChunkerOptions = {}): Chunker {
  const { min, avg, max, maskS, maskL } = chunkerSizes(options);
  /** Bytes already in the current chunk: the chunk index of the next byte. */
  let pos = 0;
  let hash = 0;
  /** Stream offset where the current chunk starts. */
  let start = 0;
  let ended = false;

  function push(bytes: Uint8Array): ChunkBoundary[] {
    if (ended) throw new Error('chunker: push after end');
    const out: ChunkBoundary[] = [];
    const len = bytes.length;
    let j = 0;
    // Phases (skip, strict mask, loose mask) avoid a size test per byte: the scan runs to a phase's end.
    while (j < len) {
      if (pos < min) {
        const skip = Math.min(min - pos, len - j);
        pos += skip;
        j += skip;
        if (pos === max) {
          // Only when min === max: the chunk is full before any byte is hashed.
          out.push({ offset: start, length: pos });
          start += pos;
          pos = 0;
        }
        continue;
      }
      const mask = pos < avg ? maskS : maskL;
      const phaseEnd = pos < avg ? avg : max;
      // The last byte this phase may hash within this piece.
      const stop = Math.min(len, j + (phaseEnd - pos));
      const scanned = scan(bytes, j, stop, hash, mask);
      if (scanned.at >= 0) {
        // The matching byte opens the next chunk, at index 0 < min: count it, do not hash it.
        pos += scanned.at - j;
        out.push({ offset: start, length: pos });
        start += pos;
        pos = 1;
        hash = 0;
        j = scanned.at + 1;
        // pos = 1 < max here: a cut needs min <= i < max, so max >= 2.
      } else {
        pos += stop - j;
        j = stop;
        hash = scanned.hash;
        if (pos === max) {
          out.push({ offset: start, length: pos });
          start += pos;
          pos = 0;
          hash = 0;
        }
      }
    }
    return out;
  }

  function end(): ChunkBoundary[] {
    if (ended) throw new Error('chunker: end called twice');
    ended = true;
    return pos > 0 ? [{ offset: start, length: pos }] : [];
  }

  return { push, end };
}

/** The chunks of a whole buffer: one push and the end of a {@link createChunker} chunker. */
export function chunkBoundaries(bytes: Uint8Array, options: ChunkerOptions = {}): ChunkBoundary[] {
  const chunker = createChunker(options);
  return [...chunker.push(bytes), ...chunker.end()];
}
