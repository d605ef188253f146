// Downloading a file over real HTTP: the version's chunks streamed in order, ranges for resuming,
// and clear refusals when the bytes are not there.
import { createHash, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { addVersion, createFile, createFolder } from '@sheaf/shared/drive/drive-commands';
import { ROOT, type NodeId } from '@sheaf/shared/drive/node-id';
import type { Content } from '@sheaf/shared/drive/ops';
import { ChunkHash } from '@sheaf/shared/ids';
import { ErrorBody } from '@sheaf/shared/protocol/error-kind';
import { FileMetadataResponse } from '@sheaf/shared/protocol/file-metadata';
import { registerUser, startTestRelay } from '../testing/test-relay.js';
import { relayPerFile } from '../testing/relay-per-file.js';
import { api, eventually, openDriveClient } from '../testing/drive-client.js';
import { fanOutPath } from '../blobs/fs-blob-store.js';
import { HeldPieces } from '../blobs/held-pieces.js';
import { MemoryBlobStore } from '../blobs/memory-blob-store.js';
import { contentDisposition, sendSpans, type Span } from './download-routes.js';

const t = relayPerFile();
const { clients } = t;

const sha = (bytes: Uint8Array): ChunkHash => ChunkHash.parse(createHash('sha256').update(bytes).digest('hex'));

async function putChunk(token: string, bytes: Uint8Array): Promise<void> {
  const res = await fetch(`${t.url}/api/v1/chunks/${sha(bytes)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  expect(res.status).toBe(200);
}

const contentOf = (chunks: Uint8Array[], mediaType = 'text/plain'): Content => {
  const size = chunks.reduce((n, c) => n + c.length, 0);
  const manifest = { size, chunks: chunks.map((c) => ({ hash: sha(c), size: c.length })) };
  return {
    hash: ChunkHash.parse(createHash('sha256').update(JSON.stringify(manifest)).digest('hex')),
    size,
    mediaType,
    manifest,
  };
};

const concat = (chunks: Uint8Array[]): Buffer => Buffer.concat(chunks);

describe('GET /api/v1/files/{fileId}/download', () => {
  it('streams the current version, a range of it, and an older version', async () => {
    const user = await registerUser(t.url);
    const rest = api(t.url, user.token);
    const laptop = await openDriveClient(t.url, user, 'laptop');
    clients.push(laptop);
    const v1 = [randomBytes(1000), randomBytes(2000), randomBytes(1500)].map((b) => new Uint8Array(b));
    const v2 = [new Uint8Array(randomBytes(3000))];
    for (const c of [...v1, ...v2]) await putChunk(user.token, c);
    const name = 'Résumé (final) día 1.txt';
    const file = laptop.run((a, tree) => createFile(a, tree, ROOT, name, contentOf(v1)))[0]?.node as NodeId;
    const [second] = laptop.run((a, tree) => addVersion(a, tree, file, contentOf(v2)));
    await eventually(async () => {
      const meta = await rest.call('GET', `/api/v1/files/${file}/metadata`);
      return meta.status === 200 && FileMetadataResponse.parse(meta.json).version === 2 ? true : undefined;
    });
    const get = (query = '', headers: Record<string, string> = {}) =>
      fetch(`${t.url}/api/v1/files/${file}/download${query}`, {
        headers: { authorization: `Bearer ${user.token}`, ...headers },
      });

    const whole = await get();
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(concat(v2));
    expect(whole.headers.get('etag')).toBe(`"${contentOf(v2).hash}"`);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-disposition')).toBe(contentDisposition(name));
    // HEAD: the same headers, no body.
    const head = await fetch(`${t.url}/api/v1/files/${file}/download`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect([head.status, head.headers.get('content-length'), head.headers.get('etag')]).toEqual([
      200,
      '3000',
      whole.headers.get('etag'),
    ]);
    expect((await head.arrayBuffer()).byteLength).toBe(0);

    const firstId = second?.t === 'version' ? second.prev[0] : undefined;
    if (firstId === undefined) throw new Error('no first version');
    const old = await get(`?versionId=${encodeURIComponent(firstId)}`);
    expect(Buffer.from(await old.arrayBuffer())).toEqual(concat(v1));

    // A range across all three chunks of the first version: what `curl -C -` asks for on resume.
    const part = await get(`?versionId=${encodeURIComponent(firstId)}`, { range: 'bytes=900-3100' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 900-3100/4500');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(concat(v1).subarray(900, 3101));
    const tail = await get('', { range: 'bytes=2990-' });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(concat(v2).subarray(2990));

    // The content changed since the client's copy: the whole file, not a range of the new one.
    const changed = await get('', { range: 'bytes=10-', 'if-range': `"${contentOf(v1).hash}"` });
    expect(changed.status).toBe(200);
    expect((await changed.arrayBuffer()).byteLength).toBe(3000);

    const past = await get('', { range: 'bytes=3000-' });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */3000');
    expect(ErrorBody.parse(await past.json()).error.kind).toBe('range_not_satisfiable');
  });

  it('refuses folders, unknown ids, and files whose bytes have not been uploaded', async () => {
    const user = await registerUser(t.url);
    const rest = api(t.url, user.token);
    const phone = await openDriveClient(t.url, user, 'phone');
    clients.push(phone);
    const folder = phone.run((a, tree) => createFolder(a, tree, ROOT, 'Photos'))[0]?.node as NodeId;
    const pending = phone.run((a, tree) =>
      createFile(a, tree, ROOT, 'later.bin', contentOf([new Uint8Array(randomBytes(10))])),
    )[0]?.node as NodeId;
    await eventually(async () =>
      (await rest.call('GET', `/api/v1/files/${pending}/metadata`)).status === 200 ? true : undefined,
    );
    const kind = async (id: string): Promise<[number, string]> => {
      const res = await rest.call('GET', `/api/v1/files/${id}/download`);
      return [res.status, ErrorBody.parse(res.json).error.kind];
    };
    expect(await kind(folder)).toEqual([409, 'conflict']);
    expect(await kind(pending)).toEqual([503, 'unavailable']);
    expect(await kind(`f_${'0'.repeat(32)}`)).toEqual([404, 'not_found']);
  });
});

describe('a chunk damaged on disk', () => {
  it('answers 500 and logs it, cuts a download whose later chunk is damaged, and the relay goes on', async () => {
    const logged: string[] = [];
    const damaged = await startTestRelay({ logger: pino({ level: 'error' }, { write: (line) => logged.push(line) }) });
    try {
      const user = await registerUser(damaged.url);
      const rest = api(damaged.url, user.token);
      const laptop = await openDriveClient(damaged.url, user, 'laptop');
      clients.push(laptop);
      const chunks = [randomBytes(3000), randomBytes(4000)].map((b) => new Uint8Array(b));
      for (const c of chunks) {
        const res = await fetch(`${damaged.url}/api/v1/chunks/${sha(c)}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/octet-stream' },
          body: c,
        });
        expect(res.status).toBe(200);
      }
      const file = laptop.run((a, tree) => createFile(a, tree, ROOT, 'notes.bin', contentOf(chunks)))[0]
        ?.node as NodeId;
      await eventually(async () =>
        (await rest.call('GET', `/api/v1/files/${file}/metadata`)).status === 200 ? true : undefined,
      );
      const pathOf = (c: Uint8Array): string => fanOutPath(join(damaged.dataDir, 'blobs'), sha(c));
      const flip = async (path: string): Promise<void> => {
        const handle = await open(path, 'r+');
        const one = Buffer.alloc(1);
        await handle.read(one, 0, 1, 1000);
        one[0] = (one[0] ?? 0) ^ 0xff;
        await handle.write(one, 0, 1, 1000);
        await handle.close();
      };
      const [first, second] = chunks;
      if (first === undefined || second === undefined) throw new Error('no chunks');

      await flip(pathOf(first));
      const chunk = await rest.call('GET', `/api/v1/chunks/${sha(first)}`);
      expect([chunk.status, ErrorBody.parse(chunk.json).error.kind]).toEqual([500, 'internal']);
      const download = await rest.call('GET', `/api/v1/files/${file}/download`);
      expect([download.status, ErrorBody.parse(download.json).error.kind]).toEqual([500, 'internal']);
      const failures = logged.filter((line) => line.includes('SealBrokenError'));
      expect(failures).toHaveLength(2);

      // Headers are out by the time the second chunk is read: all the relay can do is cut the body.
      await flip(pathOf(first));
      await flip(pathOf(second));
      const cut = await fetch(`${damaged.url}/api/v1/files/${file}/download`, {
        headers: { authorization: `Bearer ${user.token}` },
      });
      expect(cut.status).toBe(200);
      await expect(cut.arrayBuffer()).rejects.toThrow();
      // Logged too, though the client only saw the body stop (bounded wait: the event may trail).
      for (let i = 0; i < 50 && logged.filter((line) => line.includes('SealBrokenError')).length < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(logged.filter((line) => line.includes('a response failed after it began'))).toHaveLength(1);

      const intact = await fetch(`${damaged.url}/api/v1/chunks/${sha(first)}`, {
        headers: { authorization: `Bearer ${user.token}` },
      });
      expect(Buffer.from(await intact.arrayBuffer())).toEqual(Buffer.from(first));
    } finally {
      await damaged.cleanup();
    }
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact name', () => {
    expect(contentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(contentDisposition('día "1".txt')).toBe(
      `attachment; filename="d_a _1_.txt"; filename*=UTF-8''d%C3%ADa%20%221%22.txt`,
    );
  });
});

describe('sendSpans', () => {
  /**
   * A store that hands chunks out in pieces of 7,000 bytes, as the blob store's are cut, and records
   * every stream: a plain stream, or (`held`) the filesystem store's pieces held in memory.
   */
  class WatchedStore extends MemoryBlobStore {
    readonly handedOut: Readable[] = [];
    constructor(readonly held = false) {
      super();
    }
    override async get(hash: ChunkHash, range?: { start: number; end: number }): Promise<Readable | undefined> {
      const whole = await super.get(hash, range);
      if (whole === undefined) return undefined;
      const bytes = await readAllOf(whole);
      const pieces = Array.from({ length: Math.ceil(bytes.length / 7000) }, (_, i) =>
        bytes.subarray(i * 7000, (i + 1) * 7000),
      );
      const stream = this.held ? new HeldPieces(pieces) : Readable.from(pieces, { objectMode: false });
      this.handedOut.push(stream);
      return stream;
    }
  }
  async function storeOf(chunks: Uint8Array[], held = false): Promise<{ store: WatchedStore; spans: Span[] }> {
    const store = new WatchedStore(held);
    for (const c of chunks) await store.put(sha(c), Readable.from([c]), c.byteLength);
    return { store, spans: chunks.map((c) => ({ hash: sha(c), from: 0, to: c.byteLength })) };
  }
  /** A response that records each write it is handed (a writev of several pieces as one batch). */
  class Recorder extends Writable {
    readonly batches: Buffer[] = [];
    constructor(readonly stalled = false) {
      // Less than a piece: every write fills it, as a response's 16 KiB do.
      super({ highWaterMark: 1024 });
    }
    override _write(piece: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
      this._writev([{ chunk: piece }], done);
    }
    override _writev(pieces: { chunk: Buffer }[], done: (error?: Error | null) => void): void {
      this.batches.push(Buffer.concat(pieces.map((p) => p.chunk)));
      // A client that stops reading: the write never completes.
      if (!this.stalled) setImmediate(done);
    }
  }
  // Each several pieces long, and larger than the recorder's limit.
  const chunks = Array.from({ length: 6 }, (_, i) => new Uint8Array(randomBytes(20_000 + i * 997)));
  const send = async (store: WatchedStore, spans: Span[], out: Writable): Promise<'sent' | 'closed'> => {
    const [first, ...rest] = spans;
    const opened = first === undefined ? undefined : await store.get(first.hash, { start: first.from, end: first.to });
    return sendSpans(store, opened, rest, out);
  };
  const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it.each([
    ['streamed', false],
    ['held in memory', true],
  ])('writes each span in order, a piece at a time, and ends (%s)', async (_, held) => {
    const { store, spans } = await storeOf(chunks, held);
    const cut = spans.map((s, i) => (i === 2 ? { ...s, from: 10, to: 15_000 } : s));
    const out = new Recorder();
    const finished = new Promise((resolve) => out.once('finish', resolve));
    expect(await send(store, cut, out)).toBe('sent');
    await finished;
    const expected = chunks.map((c, i) => Buffer.from(i === 2 ? c.subarray(10, 15_000) : c));
    expect(Buffer.concat(out.batches)).toStrictEqual(Buffer.concat(expected));
    // Never a chunk queued whole on the response: each write is one of the store's pieces.
    expect(out.batches.length).toBeGreaterThan(chunks.length);
    expect(Math.max(...out.batches.map((b) => b.length))).toBeLessThanOrEqual(7000);

    const empty = new Recorder();
    expect(await send(store, [], empty)).toBe('sent');
    expect(empty.writableEnded).toBe(true);
    expect(empty.batches).toHaveLength(0);
  });

  it.each([
    ['streamed', false],
    ['held in memory', true],
  ])(
    'opens one chunk ahead of a client that stops reading, and closes it when the client goes (%s)',
    async (_, held) => {
      const { store, spans } = await storeOf(chunks, held);
      const out = new Recorder(true);
      const sending = send(store, spans, out);
      for (let i = 0; i < 10; i++) await tick();
      // The first piece is written and waits in the response; the second chunk is opened, no more.
      expect(out.batches).toHaveLength(1);
      expect(store.handedOut).toHaveLength(2);
      out.destroy();
      expect(await sending).toBe('closed');
      for (let i = 0; i < 5; i++) await tick();
      expect(store.handedOut.map((s) => s.destroyed)).toStrictEqual([true, true]);
    },
  );

  it('fails when a chunk vanishes before its turn', async () => {
    const { store, spans } = await storeOf(chunks);
    const out = new Recorder();
    const sending = send(store, spans, out);
    await store.delete(spans[3]?.hash ?? sha(new Uint8Array()));
    await expect(sending).rejects.toThrow('vanished');
    expect(Buffer.concat(out.batches)).toStrictEqual(Buffer.concat(chunks.slice(0, 3)));
  });
});

async function readAllOf(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream as AsyncIterable<Buffer>) parts.push(part);
  return Buffer.concat(parts);
}
