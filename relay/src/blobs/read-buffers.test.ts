import { describe, expect, it } from 'vitest';
import { ReadBuffers } from './read-buffers.js';

describe('ReadBuffers', () => {
  it('lends a released buffer again, and never one that is still lent or was kept', () => {
    const buffers = new ReadBuffers(1024, 2);
    const first = buffers.lend(100);
    const second = buffers.lend(200);
    expect(first.bytes.byteLength).toBe(100);
    expect(second.bytes.byteLength).toBe(200);
    expect(first.bytes.buffer).not.toBe(second.bytes.buffer);

    first.release();
    const third = buffers.lend(1024);
    expect(third.bytes.buffer).toBe(first.bytes.buffer);
    expect(third.bytes.buffer).not.toBe(second.bytes.buffer);

    second.keep();
    third.keep();
    expect(buffers.spare).toBe(0);
    const fourth = buffers.lend(10);
    expect([first.bytes.buffer, second.bytes.buffer]).not.toContain(fourth.bytes.buffer);
  });

  it('keeps no more spare buffers than asked, counts a double release once, and never keeps an outsized one', () => {
    const buffers = new ReadBuffers(64, 1);
    const [a, b] = [buffers.lend(64), buffers.lend(64)];
    a.release();
    a.release();
    b.release();
    expect(buffers.spare).toBe(1);
    const again = [buffers.lend(64), buffers.lend(64)];
    expect(again[0]?.bytes.buffer).not.toBe(again[1]?.bytes.buffer);

    const large = buffers.lend(65);
    expect(large.bytes.byteLength).toBe(65);
    large.release();
    expect(buffers.spare).toBe(0);
  });
});
