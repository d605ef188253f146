import { describe, expect, it } from 'vitest';
import { ChunkHash } from '@sheaf/shared/ids';
import { createChunkLocks } from './chunk-locks.js';

const A = ChunkHash.parse('a'.repeat(64));
const B = ChunkHash.parse('b'.repeat(64));

describe('chunk locks', () => {
  it('runs holders of one hash one after another, and of different hashes side by side', async () => {
    const locks = createChunkLocks();
    const events: string[] = [];
    let release: () => void = () => undefined;
    const first = locks.with(A, async () => {
      events.push('a1 start');
      await new Promise<void>((resolve) => (release = resolve));
      events.push('a1 end');
    });
    const second = locks.with(A, () => {
      events.push('a2');
      return Promise.resolve();
    });
    const other = locks.with(B, () => {
      events.push('b');
      return Promise.resolve();
    });
    await other;
    expect(events).toEqual(['a1 start', 'b']);
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
  });

  it('lets the next holder run after one fails, and passes the failure to its caller', async () => {
    const locks = createChunkLocks();
    await expect(locks.with(A, () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    await expect(locks.with(A, () => Promise.resolve(42))).resolves.toBe(42);
  });

  it('holds every lock of a set, and two overlapping sets given in opposite orders both finish', async () => {
    const locks = createChunkLocks();
    const events: string[] = [];
    let release: () => void = () => undefined;
    const both = locks.withAll([B, A, B], async () => {
      events.push('both start');
      await new Promise<void>((resolve) => (release = resolve));
      events.push('both end');
    });
    const reversed = locks.withAll([A, B], () => {
      events.push('reversed');
      return Promise.resolve();
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const single = locks.with(B, () => {
      events.push('b');
      return Promise.resolve();
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events).toEqual(['both start']);
    release();
    await Promise.all([both, reversed, single]);
    expect(events[1]).toBe('both end');
    expect(events.slice(2).sort()).toEqual(['b', 'reversed']);
    await expect(locks.withAll([], () => Promise.resolve(7))).resolves.toBe(7);
  });

  it('makes a set of many hashes wait for a holder of any one of them, and frees them all after', async () => {
    const locks = createChunkLocks();
    const hashes = Array.from({ length: 256 }, (_, i) => ChunkHash.parse(i.toString(16).padStart(64, '0')));
    const events: string[] = [];
    let release: () => void = () => undefined;
    const one = locks.with(hashes[200] ?? A, async () => {
      events.push('one start');
      await new Promise<void>((resolve) => (release = resolve));
      events.push('one end');
    });
    const all = locks.withAll(hashes, () => {
      events.push('all');
      return Promise.resolve();
    });
    const unrelated = locks.with(A, () => {
      events.push('unrelated');
      return Promise.resolve();
    });
    await unrelated;
    expect(events).toEqual(['one start', 'unrelated']);
    release();
    await Promise.all([one, all]);
    expect(events).toEqual(['one start', 'unrelated', 'one end', 'all']);
    // Nothing stays held: each hash is free again.
    await Promise.all(hashes.map((hash) => locks.with(hash, () => Promise.resolve())));
  });
});
