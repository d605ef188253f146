// Hex encoding for hashes: Web Crypto and node:crypto both hand back bytes; every store keys by hex.
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
