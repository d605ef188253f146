// readFileStart: a chunk file read from its start in one go, with no stat, where a short read is the
// end unless the caller asks to read on; and no file is an answer, not a failure.
import { read } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleBytes } from './blob-store-contract.js';
import { type ReadAt, readFileStart } from './fs-files.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sheaf-fs-files-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Reads as the disk would, but never more than `most` bytes at a time; counts the reads. */
function cutReads(most: number): { readAt: ReadAt; reads: () => number } {
  let reads = 0;
  const readAt: ReadAt = (fd, out, offset, length, position) =>
    new Promise((resolve, reject) => {
      reads++;
      read(fd, out, offset, Math.min(length, most), position, (error, bytesRead) =>
        error === null ? resolve(bytesRead) : reject(error),
      );
    });
  return { readAt, reads: () => reads };
}

describe('readFileStart', () => {
  it('reads a file shorter than the buffer whole, and answers its length', async () => {
    const bytes = sampleBytes(70_000, 1);
    const path = join(root, 'short');
    await writeFile(path, bytes);
    const out = Buffer.alloc(100_000);
    expect(await readFileStart(path, out)).toBe(70_000);
    expect(new Uint8Array(out.subarray(0, 70_000))).toStrictEqual(bytes);
  });

  it('fills the buffer from a longer file and stops there', async () => {
    const bytes = sampleBytes(5000, 2);
    const path = join(root, 'long');
    await writeFile(path, bytes);
    const out = Buffer.alloc(4096);
    expect(await readFileStart(path, out, { toEnd: true })).toBe(4096);
    expect(new Uint8Array(out)).toStrictEqual(bytes.subarray(0, 4096));
    expect(await readFileStart(path, Buffer.alloc(0))).toBe(0);
  });

  it('takes one short read as the end, and reads on to the real end when asked', async () => {
    const bytes = sampleBytes(10_000, 3);
    const path = join(root, 'cut');
    await writeFile(path, bytes);
    const out = Buffer.alloc(20_000);

    const once = cutReads(3000);
    expect(await readFileStart(path, out, { readAt: once.readAt })).toBe(3000);
    expect(once.reads()).toBe(1);

    const onward = cutReads(3000);
    expect(await readFileStart(path, out, { readAt: onward.readAt, toEnd: true })).toBe(10_000);
    // Four reads with bytes, and the one that found the end.
    expect(onward.reads()).toBe(5);
    expect(new Uint8Array(out.subarray(0, 10_000))).toStrictEqual(bytes);
  });

  it('answers undefined for no file, and rejects when a read fails', async () => {
    expect(await readFileStart(join(root, 'missing'), Buffer.alloc(10))).toBeUndefined();
    const path = join(root, 'fails');
    await writeFile(path, sampleBytes(100, 4));
    const failing: ReadAt = () => Promise.reject(new Error('EIO: the disk is gone'));
    await expect(readFileStart(path, Buffer.alloc(10), { readAt: failing })).rejects.toThrow('EIO');
    // A folder opens, but does not read.
    await expect(readFileStart(root, Buffer.alloc(10))).rejects.toThrow();
  });
});
