import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChunkHash } from '@sheaf/shared/ids';
import { createChunkSealer, masterKeyFromEnv, SEAL_OVERHEAD, SealBrokenError } from './chunk-seal.js';

const key = new Uint8Array(randomBytes(32));
const sealer = createChunkSealer(key);
const hashOf = (bytes: Uint8Array): ChunkHash => ChunkHash.parse(createHash('sha256').update(bytes).digest('hex'));

function sealWhole(bytes: Uint8Array, pieces = 3): { hash: ChunkHash; stored: Buffer } {
  const hash = hashOf(bytes);
  const stream = sealer.seal(hash);
  const parts: Uint8Array[] = [stream.header];
  const step = Math.ceil(bytes.length / pieces) || 1;
  for (let at = 0; at < bytes.length; at += step) parts.push(stream.update(bytes.subarray(at, at + step)));
  parts.push(stream.final());
  return { hash, stored: Buffer.concat(parts) };
}

describe('chunk sealing', () => {
  it('round-trips, with the plaintext nowhere in what is stored', () => {
    const bytes = new Uint8Array(randomBytes(300_000));
    const { hash, stored } = sealWhole(bytes, 7);
    expect(stored.length).toBe(bytes.length + SEAL_OVERHEAD);
    expect(stored.includes(Buffer.from(bytes.subarray(1000, 1064)))).toBe(false);
    expect(Buffer.from(sealer.open(hash, stored)).equals(Buffer.from(bytes))).toBe(true);
    expect(sealer.plainSize(stored.subarray(0, 16), stored.length)).toBe(bytes.length);
  });

  it('uses a fresh nonce for every chunk, even for the same bytes', () => {
    const bytes = new Uint8Array(randomBytes(1000));
    expect(sealWhole(bytes).stored.equals(sealWhole(bytes).stored)).toBe(false);
  });

  it('refuses a flipped bit, a truncated chunk, and a chunk moved to another address', () => {
    const bytes = new Uint8Array(randomBytes(5000));
    const { hash, stored } = sealWhole(bytes);
    const flipped = Buffer.from(stored);
    flipped[100] = (flipped[100] ?? 0) ^ 1;
    expect(() => sealer.open(hash, flipped)).toThrow(SealBrokenError);
    expect(() => sealer.open(hash, stored.subarray(0, stored.length - 1))).toThrow(SealBrokenError);
    const other = hashOf(new Uint8Array(randomBytes(10)));
    expect(() => sealer.open(other, stored)).toThrow(SealBrokenError);
  });

  it('refuses a chunk sealed under another key', () => {
    const { hash, stored } = sealWhole(new Uint8Array(randomBytes(100)));
    expect(() => createChunkSealer(new Uint8Array(randomBytes(32))).open(hash, stored)).toThrow(SealBrokenError);
  });

  it('reads chunks stored in plain before sealing was turned on, checked by their hash', () => {
    const plain = new Uint8Array(randomBytes(2000));
    expect(Buffer.from(sealer.open(hashOf(plain), plain)).equals(Buffer.from(plain))).toBe(true);
    expect(sealer.plainSize(plain.subarray(0, 16), plain.length)).toBe(plain.length);
    // Even one that happens to start with the marker.
    const lookalike = Buffer.concat([Buffer.from([0x53, 0x48, 0x46, 0x01]), randomBytes(100)]);
    expect(Buffer.from(sealer.open(hashOf(lookalike), lookalike)).equals(lookalike)).toBe(true);
    const damaged = Buffer.from(plain);
    damaged[5] = (damaged[5] ?? 0) ^ 1;
    expect(() => sealer.open(hashOf(plain), damaged)).toThrow(SealBrokenError);
  });

  it('seals the empty chunk', () => {
    const { hash, stored } = sealWhole(new Uint8Array(0));
    expect(sealer.open(hash, stored).length).toBe(0);
  });

  it('parses SHEAF_MASTER_KEY as hex or base64url of 32 bytes, and refuses anything else', () => {
    const raw = randomBytes(32);
    expect(Buffer.from(masterKeyFromEnv(raw.toString('hex')) ?? []).equals(raw)).toBe(true);
    expect(Buffer.from(masterKeyFromEnv(raw.toString('base64url')) ?? []).equals(raw)).toBe(true);
    expect(masterKeyFromEnv(undefined)).toBeUndefined();
    expect(masterKeyFromEnv(' ')).toBeUndefined();
    expect(() => masterKeyFromEnv('too short')).toThrow(/32 bytes/);
    expect(() => createChunkSealer(new Uint8Array(16))).toThrow(/32 bytes/);
  });
});
