import { describe, expect, it } from 'vitest';
import type { Content } from '@sheaf/shared/drive/ops';
import type { Thumbnail } from '@sheaf/shared/drive/thumbnails';
import { toHex } from '@sheaf/shared/hex';
import { ChunkHash } from '@sheaf/shared/ids';
import { err, ok, type Result } from '@sheaf/shared/result';
import type { ThumbnailResult } from '@sheaf/workers/thumbnail-api';
import type { ApiError } from '../api/errors.js';
import type { ThumbnailRow } from '../local/db.js';
import type { ThumbnailStore } from '../local/thumbnail-store.js';
import { createThumbnails, MAX_SOURCE_BYTES, type ThumbnailDeps } from './thumbnails.js';

const hash = (n: number): ChunkHash => ChunkHash.parse(n.toString(16).padStart(64, '0'));
const sha256 = async (bytes: ArrayBuffer): Promise<ChunkHash> =>
  ChunkHash.parse(toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))));

const picture = (n: number, size = 1000): Content => ({
  hash: hash(n),
  size,
  mediaType: 'image/png',
  manifest: { size, chunks: [{ hash: hash(100 + n), size }] },
});

const notFound: ApiError = { kind: 'not_found', status: 404, message: 'Not found.' };

/** A device: its store, the relay's chunks and the drive's record, all in memory, counting what it did. */
function fakeDevice(relay: Map<ChunkHash, ArrayBuffer>, recorded: Map<ChunkHash, Thumbnail>) {
  const rows = new Map<ChunkHash, ThumbnailRow>();
  const counts = { reads: 0, makes: 0, fetches: 0, puts: 0 };
  let holding = false;
  const held: Array<() => void> = [];
  let decodes = true;
  const store: ThumbnailStore = {
    get: (content) => Promise.resolve(rows.get(content)),
    put: (row) => {
      rows.set(row.content, row);
      return Promise.resolve();
    },
    markSynced: (content) => {
      const row = rows.get(content);
      if (row !== undefined) rows.set(content, { ...row, synced: 1 });
      return Promise.resolve();
    },
  };
  const deps: ThumbnailDeps = {
    store,
    drive: {
      thumbnail: (content) => recorded.get(content),
      setThumbnail: (content, thumbnail) => {
        recorded.set(content, thumbnail);
        return ok(undefined);
      },
    },
    api: {
      getChunk: (chunk) => {
        counts.fetches += 1;
        const bytes = relay.get(chunk);
        return Promise.resolve(bytes === undefined ? err(notFound) : ok(bytes.slice(0)));
      },
      putChunk: async (chunk, bytes) => {
        counts.puts += 1;
        relay.set(chunk, await bytes.arrayBuffer());
        return ok({ hash: chunk, size: bytes.size, stored: true });
      },
    },
    sha256,
    read: (content): Promise<Result<Blob, string>> => {
      counts.reads += 1;
      return Promise.resolve(ok(new Blob([new Uint8Array(content.size)], { type: content.mediaType })));
    },
    make: async (): Promise<ThumbnailResult> => {
      counts.makes += 1;
      if (!decodes) return { ok: false, error: 'This picture could not be read.' };
      if (holding) await new Promise<void>((resolve) => held.push(resolve));
      const bytes = new Uint8Array([1, 2, 3, 4]).buffer;
      return {
        ok: true,
        value: { bytes, hash: await sha256(bytes), width: 256, height: 192, mediaType: 'image/webp' },
      };
    },
    now: () => 0,
  };
  return {
    thumbnails: createThumbnails(deps),
    rows,
    counts,
    holdMakes: () => (holding = true),
    releaseMakes: () => {
      holding = false;
      for (const release of held.splice(0)) release();
    },
    makeFail: () => (decodes = false),
  };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

const live = (): AbortSignal => new AbortController().signal;

describe('thumbnails', () => {
  it('makes a thumbnail once, keeps it, sends it and records it for the other devices', async () => {
    const relay = new Map<ChunkHash, ArrayBuffer>();
    const recorded = new Map<ChunkHash, Thumbnail>();
    const laptop = fakeDevice(relay, recorded);
    const blob = await laptop.thumbnails.get(picture(1), 'photo.png', live());
    expect(blob?.type).toBe('image/webp');
    expect([...new Uint8Array(await (blob ?? new Blob()).arrayBuffer())]).toEqual([1, 2, 3, 4]);
    await settle();
    expect(laptop.counts).toMatchObject({ reads: 1, makes: 1, puts: 1 });
    const record = recorded.get(hash(1));
    expect(record).toMatchObject({ width: 256, height: 192, size: 4, mediaType: 'image/webp' });
    expect(relay.has(record?.hash ?? hash(0))).toBe(true);
    expect(laptop.rows.get(hash(1))?.synced).toBe(1);

    // The phone fetches the recorded one rather than reading the picture.
    const phone = fakeDevice(relay, recorded);
    const fetched = await phone.thumbnails.get(picture(1), 'photo.png', live());
    expect([...new Uint8Array(await (fetched ?? new Blob()).arrayBuffer())]).toEqual([1, 2, 3, 4]);
    expect(phone.counts).toMatchObject({ fetches: 1, reads: 0, makes: 0 });
    expect(phone.rows.get(hash(1))?.synced).toBe(1);
  });

  it('makes its own when the recorded thumbnail is not on the relay or arrives damaged', async () => {
    const relay = new Map<ChunkHash, ArrayBuffer>();
    const recorded = new Map<ChunkHash, Thumbnail>([
      [hash(1), { hash: hash(77), size: 4, width: 10, height: 10, mediaType: 'image/webp' }],
      [hash(2), { hash: hash(78), size: 4, width: 10, height: 10, mediaType: 'image/webp' }],
    ]);
    relay.set(hash(78), new Uint8Array([9, 9, 9, 9]).buffer);
    const phone = fakeDevice(relay, recorded);
    expect(await phone.thumbnails.get(picture(1), 'a.png', live())).toBeDefined();
    expect(await phone.thumbnails.get(picture(2), 'b.png', live())).toBeDefined();
    expect(phone.counts).toMatchObject({ fetches: 2, makes: 2 });
  });

  it('asks the worker once for many views of the same picture, and not again once shown', async () => {
    const device = fakeDevice(new Map(), new Map());
    const views = await Promise.all([1, 2, 3].map(() => device.thumbnails.get(picture(1), 'a.png', live())));
    expect(views.every((blob) => blob !== undefined)).toBe(true);
    await device.thumbnails.get(picture(1), 'a.png', live());
    expect(device.counts.makes).toBe(1);
  });

  it('does not start work that every caller withdrew from', async () => {
    const device = fakeDevice(new Map(), new Map());
    device.holdMakes();
    // Two makes run at once; the third waits, and its only caller scrolls away.
    const first = device.thumbnails.get(picture(1), 'a.png', live());
    const second = device.thumbnails.get(picture(2), 'b.png', live());
    const leaving = new AbortController();
    const third = device.thumbnails.get(picture(3), 'c.png', leaving.signal);
    await settle();
    leaving.abort();
    expect(await third).toBeUndefined();
    expect(device.counts.makes).toBe(2);
    device.releaseMakes();
    await Promise.all([first, second]);
    await settle();
    expect(device.counts.makes).toBe(2);
  });

  it('leaves alone what is not a picture, too large to read, or could not be decoded', async () => {
    const device = fakeDevice(new Map(), new Map());
    expect(await device.thumbnails.get({ ...picture(1), mediaType: 'text/plain' }, 'a.txt', live())).toBeUndefined();
    expect(await device.thumbnails.get(picture(2, MAX_SOURCE_BYTES + 1), 'huge.png', live())).toBeUndefined();
    expect(device.counts.reads).toBe(0);
    device.makeFail();
    expect(await device.thumbnails.get(picture(3), 'broken.png', live())).toBeUndefined();
    expect(await device.thumbnails.get(picture(3), 'broken.png', live())).toBeUndefined();
    expect(device.counts.reads).toBe(1);
  });

  it('sends a thumbnail made offline once it is next shown', async () => {
    const relay = new Map<ChunkHash, ArrayBuffer>();
    const recorded = new Map<ChunkHash, Thumbnail>();
    const device = fakeDevice(relay, recorded);
    const bytes = new Uint8Array([5, 6, 7]);
    device.rows.set(hash(1), {
      content: hash(1),
      hash: await sha256(bytes.slice().buffer),
      bytes: new Blob([bytes], { type: 'image/webp' }),
      width: 3,
      height: 1,
      mediaType: 'image/webp',
      synced: 0,
      usedAt: 0,
    });
    expect(await device.thumbnails.get(picture(1), 'a.png', live())).toBeDefined();
    await settle();
    expect(device.counts).toMatchObject({ puts: 1, makes: 0 });
    expect(recorded.get(hash(1))?.size).toBe(3);
  });
});
