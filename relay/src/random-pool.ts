// Random bytes drawn ahead in pools. On this VM each call to the system's random source costs
// about 20-27 µs whatever its length, and the relay asks for a few bytes per file it records (node
// ids) and per chunk it seals (nonces): for 4 KiB files that was several percent of the work.
import type { RandomBytes } from '@sheaf/shared/ids';

/** One draw serves 256 node ids or 341 nonces. */
const RANDOM_POOL_BYTES = 4096;

/** `random` drawn ahead in pools; each call still answers bytes no other call got. */
export function pooledRandom(random: RandomBytes, poolBytes = RANDOM_POOL_BYTES): RandomBytes {
  let pool: Uint8Array = new Uint8Array(0);
  let used = 0;
  return (length) => {
    if (length > poolBytes) return random(length);
    if (used + length > pool.length) {
      pool = random(poolBytes);
      used = 0;
    }
    used += length;
    return pool.slice(used - length, used);
  };
}
