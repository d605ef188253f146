// Seeded pseudo-random bytes (xorshift32) for the chunking tests here and in workers/: the same
// seed gives the same bytes everywhere, so chunk boundaries in tests are reproducible.
export function seededBytes(length: number, seed: number): Uint8Array<ArrayBuffer> {
  const words = new Uint32Array(Math.ceil(length / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return new Uint8Array(words.buffer, 0, length);
}
