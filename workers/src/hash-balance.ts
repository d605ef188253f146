// How the chunk worker shares a batch's chunk digests with its file-hash worker. The chunk worker
// reads and cuts (cost c per byte) and digests the batch's first chunks (h here); the file-hash
// worker feeds every byte to the whole-file hash (w) and digests the rest (h there). Digesting a
// fraction f here balances the two when c + f·h = w + (1 - f)·h', so f = (w + h' - c) / (h + h').
// The costs are measured as the file goes, so that f follows the machine: 1 where chunks are
// digested four at a time in WebAssembly SIMD (c ≈ 1.5 with the cut in JS, ~0.8 less since it
// moved to WebAssembly in gear-cut/, w ≈ 3.2, h ≈ h' ≈ 1.6 ms per MiB on the 2-core VMs measured:
// every digest here, and the whole hash alone there), near 0.8 where the chunk digests cost as
// much as the whole hash (hash-wasm on both threads, without SIMD).
import type { HashCost } from './file-hash-api.js';

/** One batch's split, asked chunk after chunk as the batch is cut. */
export type BatchSplit = {
  /** Whether to digest the next chunk here: yes for the batch's first chunks, then no for the rest. */
  here(size: number): boolean;
  /** The batch is cut: what it took here, against its share, counts toward the next batches'. */
  end(): void;
};

export type HashSplit = {
  /**
   * Starts a batch expected to hold about `bytes`. `whole` says whether the batch also goes to a
   * whole-file hash there.
   */
  batch(bytes: number, whole: boolean): BatchSplit;
  /** What reading and cutting a batch took here, its digests left out. */
  cut(ms: number, bytes: number): void;
  /** What digesting chunks took here. */
  local(ms: number, bytes: number): void;
  /** What the file-hash worker said a batch took there. */
  remote(cost: HashCost): void;
};

/** How fast a cost's average forgets: each new sample weighs this much of what came before. */
const KEEP = 0.7;
const MIB = 1024 * 1024;

/** A cost per byte, averaged over recent samples weighted by their bytes. */
type Rate = { ms: number; bytes: number };

/** A prior worth one MiB of samples, soon outweighed by what is measured. */
const prior = (msPerMiB: number): Rate => ({ ms: msPerMiB, bytes: MIB });

function add(rate: Rate, ms: number, bytes: number): void {
  // No bytes (or a clock that stood still) says nothing about the cost per byte.
  if (bytes <= 0 || !(ms >= 0)) return;
  rate.ms = rate.ms * KEEP + ms;
  rate.bytes = rate.bytes * KEEP + bytes;
}

const perByte = (rate: Rate): number => rate.ms / rate.bytes;

/** The share of chunk bytes to digest here that balances the two threads, in [0, 1]. */
export function localShare(costs: {
  readonly cut: number;
  readonly whole: number;
  readonly local: number;
  readonly remote: number;
}): number {
  const { cut, whole, local, remote } = costs;
  const share = (whole + remote - cut) / (local + remote);
  return Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 1;
}

/**
 * The split measured as the file goes. Chunks are whole, so a batch's local bytes miss its share
 * by part of a chunk: the miss is carried to the next batch, and over a file the share comes out right.
 */
export function balancedSplit(): HashSplit {
  // Priors as measured on the 2-core VMs: a first batch already split about right.
  const cut = prior(1.5);
  const whole = prior(3.2);
  const local = prior(1.6);
  const remote = prior(1.6);
  /** Local bytes owed (or, below 0, taken in advance) by the batches so far. */
  let carried = 0;
  return {
    batch(bytes, hasWhole) {
      const share = localShare({
        cut: perByte(cut),
        whole: hasWhole ? perByte(whole) : 0,
        local: perByte(local),
        remote: perByte(remote),
      });
      const target = carried + share * bytes;
      let taken = 0;
      let total = 0;
      let closed = false;
      return {
        here(size) {
          total += size;
          // Nearer the target with this chunk than without it; and once one is left out, so is the rest.
          closed ||= taken + size / 2 > target;
          if (!closed) taken += size;
          return !closed;
        },
        end() {
          if (total === 0) return;
          // Bounded, so that batches that could not take their share (a file's short last one)
          // do not skew the next ones by more than half a batch.
          const owed = carried + share * total - taken;
          const bound = Math.min(total, bytes) / 2;
          carried = Math.min(bound, Math.max(-bound, owed));
        },
      };
    },
    cut: (ms, bytes) => add(cut, ms, bytes),
    local: (ms, bytes) => add(local, ms, bytes),
    remote(cost) {
      add(whole, cost.wholeMs, cost.wholeBytes);
      add(remote, cost.digestMs, cost.digestBytes);
    },
  };
}
