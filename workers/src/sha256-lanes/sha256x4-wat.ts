// The source of the four-lane SHA-256 module, as WAT text. `hash4` runs the compression function
// (FIPS 180-4, 6.2.2) over four messages at once, one per 32-bit lane of a v128; `hash1` runs it over
// one lane's message alone with scalar i32 ops, for a lone tail (three idle lanes would waste three
// quarters of the work). sha256x4.ts copies the blocks into each lane's window and pads them;
// compile-module.ts turns this text into the bytes sha256x4-module.generated.ts holds.
import {
  BLOCK_BYTES,
  CONSTANTS_AT,
  MEMORY_PAGES,
  SCHEDULE_AT,
  STATE_AT,
  WINDOWS_AT,
  WINDOW_BYTES,
} from './sha256x4-layout.js';

/** SHA-256's round constants (FIPS 180-4, 4.2.2). */
const K: readonly number[] = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
];

const VARS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] as const;
const get = (name: string): string => `(local.get $${name})`;
/** Which local holds working variable `role` (0 for a ... 7 for h) in round t: renamed, not moved. */
const varOf = (role: number, t: number): string => VARS[(((role - t) % 8) + 8) % 8] ?? 'a';
/** Each message word's bytes reversed: SHA-256 reads words big-endian, wasm loads them little-endian. */
const BYTE_SWAP = '3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12';

/** The operations one round needs, over v128 lanes or i32s. */
type Ops = {
  /** Bytes between two message words (or round constants) in memory. */
  readonly stride: number;
  add(x: string, y: string): string;
  xor(x: string, y: string): string;
  /** Rotates a local right. */
  rotr(name: string, n: number): string;
  shr(name: string, n: number): string;
  /** Ch(e, f, g): f where e has a 1, g where it has a 0. */
  choose(e: string, f: string, g: string): string;
  and(x: string, y: string): string;
  /** The word at `offset` past the address in local `base`. */
  load(offset: number, base: string): string;
  store(offset: number, base: string, value: string): string;
};

const simd: Ops = {
  stride: 16,
  add: (x, y) => `(i32x4.add ${x} ${y})`,
  xor: (x, y) => `(v128.xor ${x} ${y})`,
  // No rotate in wasm SIMD: two shifts and an or.
  rotr: (name, n) =>
    `(v128.or (i32x4.shr_u ${get(name)} (i32.const ${n})) (i32x4.shl ${get(name)} (i32.const ${32 - n})))`,
  shr: (name, n) => `(i32x4.shr_u ${get(name)} (i32.const ${n}))`,
  choose: (e, f, g) => `(v128.bitselect ${get(f)} ${get(g)} ${get(e)})`,
  and: (x, y) => `(v128.and ${x} ${y})`,
  load: (offset, base) => `(v128.load offset=${offset} ${get(base)})`,
  store: (offset, base, value) => `(v128.store offset=${offset} ${get(base)} ${value})`,
};

const scalar: Ops = {
  stride: 4,
  add: (x, y) => `(i32.add ${x} ${y})`,
  xor: (x, y) => `(i32.xor ${x} ${y})`,
  rotr: (name, n) => `(i32.rotr ${get(name)} (i32.const ${n}))`,
  shr: (name, n) => `(i32.shr_u ${get(name)} (i32.const ${n}))`,
  choose: (e, f, g) => `(i32.xor ${get(g)} (i32.and ${get(e)} (i32.xor ${get(f)} ${get(g)})))`,
  and: (x, y) => `(i32.and ${x} ${y})`,
  load: (offset, base) => `(i32.load offset=${offset} ${get(base)})`,
  store: (offset, base, value) => `(i32.store offset=${offset} ${get(base)} ${value})`,
};

/**
 * The message schedule lives in memory, all 64 words of a block, not in locals: with the eight
 * working variables that would be 24 live vectors for 16 registers, and the spills cost more than
 * loads the CPU sees coming. Each word is computed in the round that takes it, not in a pass of its
 * own: the schedule is a chain through w[t - 2], and interleaved, the CPU runs it beside the rounds
 * (a separate pass measured 30% slower). Rounds run as loops of ROUNDS_PER_STEP unrolled ones, so
 * that the functions stay small: V8 first runs a function with its baseline compiler, ten times
 * slower here, until the optimizing compiler is done with it, and that took half a second on a
 * fully unrolled block.
 */
const ROUNDS_PER_STEP = 8;

/** The schedule's word `n` words past the one $i points at. */
const word = (ops: Ops, n: number): string => ops.load(SCHEDULE_AT + ops.stride * n, 'i');

/**
 * Round r's message word into the schedule and local $w, from the four it depends on (FIPS 180-4,
 * 6.2.2 step 1), $i pointing 16 words before it less r.
 */
function schedule(ops: Ops, r: number): string {
  const sigma0 = ops.xor(ops.xor(ops.rotr('x', 7), ops.rotr('x', 18)), ops.shr('x', 3));
  const sigma1 = ops.xor(ops.xor(ops.rotr('y', 17), ops.rotr('y', 19)), ops.shr('y', 10));
  return [
    `(local.set $x ${word(ops, r + 1)})`,
    `(local.set $y ${word(ops, r + 14)})`,
    `(local.set $w ${ops.add(ops.add(sigma1, word(ops, r + 9)), ops.add(sigma0, word(ops, r)))})`,
    ops.store(SCHEDULE_AT + ops.stride * (r + 16), 'i', get('w')),
  ].join('\n');
}

/**
 * Round r of a step of ROUNDS_PER_STEP, with message word `message` and $k pointing at the step's
 * first constant: the new e goes where d was and the new a where h was, and the names turn.
 */
function round(ops: Ops, r: number, message: string): string {
  const [a, b, d, e, f, g, h] = [
    varOf(0, r),
    varOf(1, r),
    varOf(3, r),
    varOf(4, r),
    varOf(5, r),
    varOf(6, r),
    varOf(7, r),
  ];
  const bigSigma1 = ops.xor(ops.xor(ops.rotr(e, 6), ops.rotr(e, 11)), ops.rotr(e, 25));
  const bigSigma0 = ops.xor(ops.xor(ops.rotr(a, 2), ops.rotr(a, 13)), ops.rotr(a, 22));
  // Maj(a, b, c) is b where a and b agree, else c: b ^ ((a ^ b) & (b ^ c)). This round's a ^ b is
  // the next round's b ^ c, so each round computes one of them.
  const [bc, ab] = [`q${r % 2}`, `q${(r + 1) % 2}`];
  const t1 = ops.add(
    ops.add(ops.add(get(h), bigSigma1), ops.choose(e, f, g)),
    ops.add(ops.load(CONSTANTS_AT + 16 * r, 'k'), message),
  );
  return [
    `(local.set $t1 ${t1})`,
    `(local.set $${ab} ${ops.xor(get(a), get(b))})`,
    `(local.set $t2 ${ops.add(bigSigma0, ops.xor(get(b), ops.and(get(ab), get(bc))))})`,
    `(local.set $${d} ${ops.add(get(d), get('t1'))})`,
    `(local.set $${h} ${ops.add(get('t1'), get('t2'))})`,
  ].join('\n');
}

/** A loop of steps of ROUNDS_PER_STEP rounds, until $k reaches constant `until`. */
const steps = (ops: Ops, label: string, until: number, body: (r: number) => string): string => `(loop $${label}
${Array.from({ length: ROUNDS_PER_STEP }, (_, r) => body(r)).join('\n')}
(local.set $i (i32.add (local.get $i) (i32.const ${ROUNDS_PER_STEP * ops.stride})))
(local.set $k (i32.add (local.get $k) (i32.const ${ROUNDS_PER_STEP * 16})))
(br_if $${label} (i32.lt_u (local.get $k) (i32.const ${until * 16}))))`;

/**
 * One block's 64 rounds, its first 16 message words in the schedule already and the state in the
 * locals a to h: 16 rounds on those words, then 48 that each compute theirs. $i points at the
 * step's first word in the first loop, and 16 words before it in the second.
 */
const compress = (ops: Ops): string => `(local.set $q0 ${ops.xor(get('b'), get('c'))})
(local.set $i (i32.const 0))
(local.set $k (i32.const 0))
${steps(ops, 'first', 16, (r) => round(ops, r, word(ops, r)))}
(local.set $i (i32.const 0))
${steps(ops, 'rest', 64, (r) => `${schedule(ops, r)}\n${round(ops, r, get('w'))}`)}`;

const locals = (ty: string, names: readonly string[]): string => names.map((n) => `(local $${n} ${ty})`).join(' ');
const WORKING = [...VARS, 't1', 't2', 'w', 'x', 'y', 'q0', 'q1'];

/** i8x16.shuffle lanes taking 32-bit words `x` and `y` of the first operand and the same of the second. */
const pairs = (x: number, y: number): string =>
  [x, 4 + x, y, 4 + y].flatMap((w) => [0, 1, 2, 3].map((byte) => 4 * w + byte)).join(' ');
/** i8x16.shuffle lanes taking the first operand's words `from`, `from + 1` and then the same of the second. */
const halves = (from: number): string =>
  [from, from + 1, 4 + from, 4 + from + 1].flatMap((w) => [0, 1, 2, 3].map((b) => 4 * w + b)).join(' ');

/**
 * `hash4(blocks)`: every lane's next `blocks` blocks from its window. The 16 bytes at one offset of
 * the four windows are lanes' words; a 4x4 transpose makes each word one v128 across the lanes.
 */
function hash4(): string {
  const load = (lane: number, group: number): string => {
    const at = WINDOWS_AT + lane * WINDOW_BYTES + 16 * group;
    return `(local.set $m${lane} (i8x16.shuffle ${BYTE_SWAP} (v128.load offset=${at} (local.get $p)) (v128.const i64x2 0 0)))`;
  };
  const transpose = (group: number): string => {
    const to = (j: number): number => SCHEDULE_AT + 16 * (4 * group + j);
    return [
      [0, 1, 2, 3].map((lane) => load(lane, group)).join('\n'),
      // Words 0 and 1 of lanes 0 and 1 interleaved, then words 2 and 3; the same for lanes 2 and 3.
      `(local.set $s0 (i8x16.shuffle ${pairs(0, 1)} (local.get $m0) (local.get $m1)))`,
      `(local.set $s1 (i8x16.shuffle ${pairs(2, 3)} (local.get $m0) (local.get $m1)))`,
      `(local.set $s2 (i8x16.shuffle ${pairs(0, 1)} (local.get $m2) (local.get $m3)))`,
      `(local.set $s3 (i8x16.shuffle ${pairs(2, 3)} (local.get $m2) (local.get $m3)))`,
      simd.store(to(0), 'zero', `(i8x16.shuffle ${halves(0)} (local.get $s0) (local.get $s2))`),
      simd.store(to(1), 'zero', `(i8x16.shuffle ${halves(2)} (local.get $s0) (local.get $s2))`),
      simd.store(to(2), 'zero', `(i8x16.shuffle ${halves(0)} (local.get $s1) (local.get $s3))`),
      simd.store(to(3), 'zero', `(i8x16.shuffle ${halves(2)} (local.get $s1) (local.get $s3))`),
    ].join('\n');
  };
  const state = (j: number): string => simd.load(STATE_AT + 16 * j, 'zero');
  return `(func (export "hash4") (param $blocks i32)
(local $p i32) (local $end i32) (local $i i32) (local $k i32) (local $zero i32)
${locals('v128', [...WORKING, 'm0', 'm1', 'm2', 'm3', 's0', 's1', 's2', 's3'])}
(if (i32.eqz (local.get $blocks)) (then (return)))
(local.set $end (i32.mul (local.get $blocks) (i32.const ${BLOCK_BYTES})))
(loop $block
${[0, 1, 2, 3].map(transpose).join('\n')}
${VARS.map((v, j) => `(local.set $${v} ${state(j)})`).join('\n')}
${compress(simd)}
${VARS.map((v, j) => simd.store(STATE_AT + 16 * j, 'zero', `(i32x4.add ${state(j)} (local.get $${v}))`)).join('\n')}
(local.set $p (i32.add (local.get $p) (i32.const ${BLOCK_BYTES})))
(br_if $block (i32.lt_u (local.get $p) (local.get $end)))))`;
}

/** `hash1(lane, blocks)`: lane `lane`'s next `blocks` blocks from its window, that lane alone. */
function hash1(): string {
  const state = (j: number): string => scalar.load(STATE_AT + 16 * j, 'state');
  const words = [0, 1, 2, 3].map((group) =>
    simd.store(
      SCHEDULE_AT + 16 * group,
      'zero',
      `(i8x16.shuffle ${BYTE_SWAP} (v128.load offset=${16 * group} (local.get $p)) (v128.const i64x2 0 0))`,
    ),
  );
  return `(func (export "hash1") (param $lane i32) (param $blocks i32)
(local $p i32) (local $end i32) (local $state i32) (local $i i32) (local $k i32) (local $zero i32)
${locals('i32', WORKING)}
(if (i32.eqz (local.get $blocks)) (then (return)))
(local.set $state (i32.shl (local.get $lane) (i32.const 2)))
(local.set $p (i32.add (i32.const ${WINDOWS_AT}) (i32.mul (local.get $lane) (i32.const ${WINDOW_BYTES}))))
(local.set $end (i32.add (local.get $p) (i32.mul (local.get $blocks) (i32.const ${BLOCK_BYTES}))))
(loop $block
${words.join('\n')}
${VARS.map((v, j) => `(local.set $${v} ${state(j)})`).join('\n')}
${compress(scalar)}
${VARS.map((v, j) => scalar.store(STATE_AT + 16 * j, 'state', `(i32.add ${state(j)} (local.get $${v}))`)).join('\n')}
(local.set $p (i32.add (local.get $p) (i32.const ${BLOCK_BYTES})))
(br_if $block (i32.lt_u (local.get $p) (local.get $end)))))`;
}

/** The round constants as a data segment: each little-endian, four times over. */
const constants = (): string =>
  K.flatMap((k) => Array.from({ length: 4 }, () => [0, 8, 16, 24].map((shift) => (k >>> shift) & 0xff)))
    .flat()
    .map((byte) => `\\${byte.toString(16).padStart(2, '0')}`)
    .join('');

/** The module's WAT: a memory that cannot grow, `hash4` and `hash1`. */
export function sha256x4Wat(): string {
  return `(module
(memory (export "memory") ${MEMORY_PAGES} ${MEMORY_PAGES})
(data (i32.const ${CONSTANTS_AT}) "${constants()}")
${hash4()}
${hash1()})
`;
}
