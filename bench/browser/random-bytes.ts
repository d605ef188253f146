// Random test bytes for the bench pages (incompressible, so no layer can take a shortcut).

/** crypto.getRandomValues fills at most 64 KiB per call. */
const RANDOM_PIECE_BYTES = 64 * 1024;

export function randomBuffer(byteLength: number): ArrayBuffer {
  const bytes = new Uint8Array(byteLength);
  for (let at = 0; at < bytes.byteLength; at += RANDOM_PIECE_BYTES) {
    crypto.getRandomValues(bytes.subarray(at, at + RANDOM_PIECE_BYTES));
  }
  return bytes.buffer;
}
