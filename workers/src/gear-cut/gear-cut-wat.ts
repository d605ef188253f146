// The source of the gear-cut module, as WAT text: `find` looks for the first byte of a range whose
// gear hash matches a mask, as the FastCDC loop of shared/src/chunking/fastcdc.ts does one byte at
// a time. The hash is one chain of dependent adds, a byte after another, which leaves most of a
// core idle. But the hash after a byte depends on that byte and the 31 before it only (a byte's
// gear value is shifted left once per byte after it, out of the 32 bits 32 bytes on), so a range
// is scanned in segments, several chains interleaved, each warmed up on the 31 bytes before its own.
// compile-module.ts turns this text into the bytes gear-cut-module.generated.ts holds.
import { GEAR_AT, MEMORY_PAGES } from './gear-cut-layout.js';

/** How the scan is laid out; {@link GEAR_CUT_SHAPE} is the shipped one, others are for measuring. */
export type GearCutShape = {
  /** Chains interleaved: independent segments scanned side by side. */
  readonly chains: number;
  /** Bytes of each chain per loop iteration. */
  readonly unroll: number;
  /**
   * Segment lengths, longest first: a range is scanned in blocks of `chains` segments of the first
   * length while there is room for one, then of the next, then the rest one byte after another.
   */
  readonly segments: readonly number[];
};

/**
 * Four chains: in Chromium 156 on the 2-core VMs, a MiB of stream took 0.27 ms to cut with four
 * (copy into the window included), 0.28 with two, 0.32 with one or eight; TurboFan makes each byte
 * six instructions, about a cycle, so more chains have little left to overlap. Segments of 4 KiB
 * keep the warm-ups (31 bytes each) under 1%, and the 256-byte ones keep the byte-by-byte tail of
 * a range under a KiB.
 */
export const GEAR_CUT_SHAPE: GearCutShape = { chains: 4, unroll: 4, segments: [4096, 256] };

/**
 * Bytes a chain hashes before its segment, from 0, so that its hash at the segment's first byte is
 * the one the real chain has there: that byte and the 31 before it are all the hash holds. (One
 * fewer, the tests fail; one more changes nothing.)
 */
const WARM_UP = 31;

const get = (name: string): string => `(local.get $${name})`;

/** The gear hash of `hash` after the byte at `offset` past the address in `base`. */
const step = (hash: string, base: string, offset: number): string =>
  `(i32.add (i32.shl ${hash} (i32.const 1)) (i32.load offset=${GEAR_AT} (i32.shl (i32.load8_u offset=${offset} ${get(base)}) (i32.const 2))))`;

/** Whether `hash` matches the mask in $mask: the byte it ends on is a cut. */
const matches = (hash: string): string => `(i32.eqz (i32.and ${hash} (local.get $mask)))`;

/**
 * Blocks of `chains` segments of `length` bytes from $at while they fit before $to: chain 0 goes on
 * from $hash, chain c > 0 starts from 0 on the WARM_UP bytes before segment c. At the first match of any
 * chain the block is rescanned one byte after another from its start, which finds the earliest
 * match: a block holds at most one, as a match ends the scan. Past the blocks, $hash is exact at $at.
 */
function blocks({ chains, unroll }: GearCutShape, length: number, level: number): string {
  const span = chains * length;
  const chain = (c: number): string => `c${c}`;
  const warmUps: string[] = [];
  for (let c = 1; c < chains; c++) {
    warmUps.push(`(local.set $${chain(c)} (i32.const 0))`);
    for (let i = 0; i < WARM_UP; i++) {
      warmUps.push(`(local.set $${chain(c)} ${step(get(chain(c)), 'at', c * length - WARM_UP + i)})`);
    }
  }
  const body: string[] = [];
  for (let u = 0; u < unroll; u++) {
    for (let c = 0; c < chains; c++) {
      body.push(`(local.set $${chain(c)} ${step(get(chain(c)), 'q', c * length + u)})`);
      body.push(`(br_if $hit${level} ${matches(get(chain(c)))})`);
    }
  }
  return `(block $rest${level}
  (loop $block${level}
    (br_if $rest${level} (i32.lt_u (i32.sub (local.get $to) (local.get $at)) (i32.const ${span})))
    (block $hit${level}
      (local.set $c0 (local.get $hash))
      ${warmUps.join('\n      ')}
      (local.set $q (local.get $at))
      (local.set $end (i32.add (local.get $at) (i32.const ${length})))
      (loop $bytes${level}
        ${body.join('\n        ')}
        (local.set $q (i32.add (local.get $q) (i32.const ${unroll})))
        (br_if $bytes${level} (i32.lt_u (local.get $q) (local.get $end))))
      (local.set $hash (local.get $${chain(chains - 1)}))
      (local.set $at (i32.add (local.get $at) (i32.const ${span})))
      (br $block${level}))
    (return (call $scan (local.get $at) (i32.add (local.get $at) (i32.const ${span})) (local.get $hash) (local.get $mask)))))`;
}

/** The module's text for `shape`. */
export function gearCutWat(shape: GearCutShape = GEAR_CUT_SHAPE): string {
  const { chains, unroll, segments } = shape;
  for (const length of segments) {
    if (length < WARM_UP || length % unroll !== 0) throw new RangeError(`segment length ${length} unusable`);
  }
  const chainLocals = Array.from({ length: chains }, (_, c) => `(local $c${c} i32)`).join(' ');
  return `(module
  (memory (export "memory") ${MEMORY_PAGES} ${MEMORY_PAGES})
  ;; The hash at the end of the range when find found no match there.
  (global $last (export "hash") (mut i32) (i32.const 0))

  ;; The first byte in [$at, $to) whose hash, from $hash before $at, matches $mask; -1 if none.
  (func $scan (param $at i32) (param $to i32) (param $hash i32) (param $mask i32) (result i32)
    (block $none
      (br_if $none (i32.ge_u (local.get $at) (local.get $to)))
      (loop $byte
        (local.set $hash ${step(get('hash'), 'at', 0)})
        (if ${matches(get('hash'))} (then (return (local.get $at))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br_if $byte (i32.lt_u (local.get $at) (local.get $to)))))
    (global.set $last (local.get $hash))
    (i32.const -1))

  ;; As $scan, in interleaved chains where the range is long enough.
  (func (export "find") (param $at i32) (param $to i32) (param $hash i32) (param $mask i32) (result i32)
    (local $q i32) (local $end i32) ${chainLocals}
    ${segments.map((length, level) => blocks(shape, length, level)).join('\n    ')}
    (call $scan (local.get $at) (local.get $to) (local.get $hash) (local.get $mask))))
`;
}
