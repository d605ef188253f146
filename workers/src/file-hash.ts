// The hashes the chunk worker takes in the same read as the chunks: each chunk's SHA-256 and the
// whole file's. Web Crypto has no streaming digest, so the whole file's is hash-wasm's (whose state
// can be saved, for resuming). In Chromium Web Crypto's digest runs on the calling thread, so the
// chunk worker has both hashes taken on a thread of its own (file-hash.worker.ts) while it reads,
// cuts and copies the next chunks (measured: digest ~6 ms/MiB, whole hash ~4, the rest ~7.5).
import { createSHA256 } from 'hash-wasm';

/** A chunk's bytes, back from the hasher, with their SHA-256. */
export type AddedChunk = { readonly bytes: ArrayBuffer; readonly hash: Uint8Array };

/** The hashes of one file, chunk after chunk. Calls take effect in the order made. */
export type FileHash = {
  /**
   * Adds the file's next chunk to the whole-file hash and hashes it alone. The buffer may travel to
   * another thread and back: the one passed in may be detached, the one given back holds the bytes.
   */
  addChunk(bytes: ArrayBuffer): Promise<AddedChunk>;
  /** The whole-file hash's state after the chunks so far; must be asked for before `digest`. */
  save(): Promise<Uint8Array>;
  /** SHA-256 of the whole file: every chunk added, and what the state it was resumed from covered. */
  digest(): Promise<Uint8Array>;
  /** Frees the hasher; what is still pending fails. Harmless when called again. */
  close(): void;
};

/** SHA-256 of one whole buffer. */
export type Sha256 = (bytes: ArrayBuffer) => Promise<Uint8Array>;

export const sha256: Sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));

/** hash-wasm's SHA-256 of one whole buffer, with a hasher of its own. */
export async function wasmSha256(): Promise<Sha256> {
  const hasher = await createSHA256();
  return (bytes) => {
    hasher.init();
    hasher.update(new Uint8Array(bytes));
    return Promise.resolve(hasher.digest('binary'));
  };
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * Whichever of `candidates` hashes `sample` fastest here (best of `rounds`, timed with `now`). Web
 * Crypto is the fastest where its SHA-256 uses the CPU's SHA instructions, but Debian's Chromium on
 * the 2-core VMs measured spent 5.7 ms of CPU per MiB in it against 4.0 in hash-wasm. The digests
 * are the same either way: candidates that disagree are a bug, and throw.
 */
export async function fastestSha256(
  candidates: readonly Sha256[],
  sample: ArrayBuffer,
  now: () => number,
  rounds = 3,
): Promise<Sha256> {
  const best = candidates.map(() => Number.POSITIVE_INFINITY);
  let expected: Uint8Array | undefined;
  for (let round = 0; round < rounds; round++) {
    for (const [i, candidate] of candidates.entries()) {
      const started = now();
      const digest = await candidate(sample);
      best[i] = Math.min(best[i] ?? Number.POSITIVE_INFINITY, now() - started);
      expected ??= digest;
      if (!sameBytes(digest, expected)) throw new Error(`SHA-256 candidate ${i} disagrees with the others`);
    }
  }
  const fastest = candidates[best.indexOf(Math.min(...best))];
  if (fastest === undefined) throw new RangeError('no SHA-256 to choose from');
  return fastest;
}

/** Both hashes on this thread: Web Crypto for chunks, hash-wasm for the whole file, resumed from `state`. */
export async function fileHashHere(state: Uint8Array | undefined): Promise<FileHash> {
  const whole = await createSHA256();
  whole.init();
  if (state !== undefined) whole.load(state);
  let closed = false;
  const open = (): void => {
    if (closed) throw new Error('file hash closed');
  };
  return {
    async addChunk(bytes) {
      open();
      whole.update(new Uint8Array(bytes));
      return { bytes, hash: await sha256(bytes) };
    },
    save: () => Promise.resolve().then(() => (open(), whole.save())),
    digest: () => Promise.resolve().then(() => (open(), whole.digest('binary'))),
    close() {
      closed = true;
    },
  };
}
