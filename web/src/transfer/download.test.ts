import { describe, expect, it } from 'vitest';
import { Content } from '@sheaf/shared/drive/ops';
import { ChunkHash } from '@sheaf/shared/ids';
import { err, ok } from '@sheaf/shared/result';
import { chunkFileOn, type RunOnWorker } from '@sheaf/workers/chunk-pool';
import { seededBytes, sha256Hex, testChunker } from '@sheaf/workers/chunk-test-kit';
import type { ChunkApi } from '@sheaf/workers/chunk-api';
import { createTaskPool } from '@sheaf/workers/task-pool';
import type { ChunkRow } from '../local/db.js';
import type { PutOptions } from '../local/chunk-store.js';
import { manifestHash } from './content-hash.js';
import { assembleContent, chunkBytes, type DownloadDeps } from './download.js';

const KiB = 1024;

/** The chunk pool with an in-process chunker in place of a worker, counting the files it reads. */
function inProcessChunker(): { chunker: DownloadDeps['chunker']; reads: () => number } {
  let reads = 0;
  const pool = createTaskPool<ChunkApi>({
    size: 1,
    start: () => Promise.resolve(testChunker()),
    stop: () => undefined,
  });
  const run: RunOnWorker = (task, options) => pool.run(task, options);
  return {
    chunker: {
      chunkFile: (file, request) => {
        reads++;
        return chunkFileOn(run, file, request);
      },
    },
    reads: () => reads,
  };
}

/** `bytes` cut into fixed pieces (any cut makes a valid manifest), kept on a relay of hash → bytes. */
async function saved(bytes: Uint8Array<ArrayBuffer>, pieceBytes: number, sha256?: string) {
  const relay = new Map<ChunkHash, Uint8Array<ArrayBuffer>>();
  const chunks = [];
  for (let at = 0; at < bytes.length; at += pieceBytes) {
    const piece = bytes.slice(at, at + pieceBytes);
    const hash = ChunkHash.parse(await sha256Hex(piece));
    relay.set(hash, piece);
    chunks.push({ hash, size: piece.length });
  }
  const manifest = { size: bytes.length, chunks, ...(sha256 === undefined ? {} : { sha256 }) };
  const content = Content.parse({
    hash: await manifestHash({ size: bytes.length, chunks }),
    size: bytes.length,
    mediaType: 'application/octet-stream',
    manifest,
  });
  return { relay, content };
}

function device(relay: ReadonlyMap<ChunkHash, Uint8Array<ArrayBuffer>>) {
  const stored = new Map<ChunkHash, { row: ChunkRow; options: PutOptions | undefined }>();
  /** The Blobs the store handed out: like IndexedDB, its own copy, never the Blob it was given. */
  const handedOut = new Set<Blob>();
  const { chunker, reads } = inProcessChunker();
  const deps: DownloadDeps = {
    chunks: {
      get: (hash) => {
        const kept = stored.get(hash)?.row.bytes;
        if (kept === undefined) return Promise.resolve(undefined);
        const copy = kept.slice();
        handedOut.add(copy);
        return Promise.resolve(copy);
      },
      putMany: (rows, options) => {
        for (const row of rows) stored.set(row.hash, { row, options });
        return Promise.resolve();
      },
    },
    api: {
      getChunk: (hash) => {
        const bytes = relay.get(hash);
        return Promise.resolve(
          bytes === undefined
            ? err({ kind: 'not_found', status: 404, message: 'not found' })
            : ok(bytes.slice().buffer),
        );
      },
    },
    hashPool: {
      hashBuffer: async (buffer) => ({
        hash: ChunkHash.parse(await sha256Hex(new Uint8Array(buffer))),
        size: buffer.byteLength,
        bytes: buffer,
      }),
    },
    chunker,
  };
  return { deps, stored, reads, handedOut };
}

const never = new AbortController().signal;
const assemble = (content: Content, deps: DownloadDeps) => assembleContent(content, deps, () => undefined, never);

describe('assembleContent', () => {
  it('checks the whole file against the SHA-256 its manifest records, and keeps the chunks as held', async () => {
    const bytes = seededBytes(300 * KiB, 1);
    const { relay, content } = await saved(bytes, 64 * KiB, await sha256Hex(bytes));
    const d = device(relay);
    const result = await assemble(content, d.deps);
    if (!result.ok) throw new Error(result.error);
    expect(await sha256Hex(new Uint8Array(await result.value.arrayBuffer()))).toBe(content.manifest.sha256);
    expect(d.reads()).toBe(1);
    expect([...d.stored.values()].every(({ options }) => options?.held === true)).toBe(true);
  });

  it("gives back the store's copy of each fetched chunk, not the Blob made of the fetched bytes", async () => {
    const bytes = seededBytes(200 * KiB, 6);
    const { relay, content } = await saved(bytes, 64 * KiB, await sha256Hex(bytes));
    const d = device(relay);
    const parts = await Promise.all(content.manifest.chunks.map((chunk) => chunkBytes(chunk, d.deps, never)));
    expect(parts.every((part) => part.ok && d.handedOut.has(part.value))).toBe(true);
    const result = await assemble(content, d.deps);
    expect(result.ok).toBe(true);
  });

  it('refuses a file whose bytes do not match the recorded SHA-256', async () => {
    const bytes = seededBytes(200 * KiB, 2);
    // Every chunk is right, but the whole hash recorded is of other bytes.
    const { relay, content } = await saved(bytes, 64 * KiB, await sha256Hex(seededBytes(200 * KiB, 3)));
    const result = await assemble(content, device(relay).deps);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/SHA-256/);
  });

  it('refuses a damaged chunk kept on this device that has the right size', async () => {
    const bytes = seededBytes(128 * KiB, 4);
    const { relay, content } = await saved(bytes, 64 * KiB, await sha256Hex(bytes));
    const d = device(relay);
    const [first] = content.manifest.chunks;
    if (first === undefined) throw new Error('no chunk');
    const damaged = new Uint8Array(first.size);
    d.stored.set(first.hash, { row: { hash: first.hash, size: first.size, bytes: new Blob([damaged]) }, options: {} });
    const result = await assemble(content, d.deps);
    expect(result.ok).toBe(false);
  });

  it('skips the whole-file read for versions saved without a SHA-256', async () => {
    const bytes = seededBytes(100 * KiB, 5);
    const { relay, content } = await saved(bytes, 64 * KiB);
    const d = device(relay);
    const result = await assemble(content, d.deps);
    expect(result.ok).toBe(true);
    expect(d.reads()).toBe(0);
  });
});
