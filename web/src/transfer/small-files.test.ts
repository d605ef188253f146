import { describe, expect, it } from 'vitest';
import { ChunkHash } from '@sheaf/shared/ids';
import { err, ok } from '@sheaf/shared/result';
import { chunkFileOn, type RunOnWorker } from '@sheaf/workers/chunk-pool';
import type { ChunkApi } from '@sheaf/workers/chunk-api';
import { seededBytes, sha256Hex, testChunker } from '@sheaf/workers/chunk-test-kit';
import { createTaskPool } from '@sheaf/workers/task-pool';
import type { ApiError } from '../api/client.js';
import type { ChunkRow } from '../local/db.js';
import { SMALL_FILE_BYTES, uploadSmallFiles, type SmallFileDeps } from './small-files.js';
import { uploadFile } from './upload.js';

const networkDown: ApiError = { kind: 'network', status: 0, message: 'offline' };
const quotaFull: ApiError = { kind: 'quota_exceeded', status: 507, message: 'Your drive is full.' };

/** A relay that keeps hashes, and a device that keeps rows and its outbox, recording the traffic. */
function fakes(options: { missingError?: ApiError; batchError?: ApiError } = {}) {
  const relay = new Set<ChunkHash>();
  const stored = new Map<ChunkHash, ChunkRow>();
  const owed = new Set<ChunkHash>();
  const calls = { missing: 0, batches: [] as ChunkHash[][], putMany: 0 };
  const deps: SmallFileDeps = {
    chunks: {
      putMany: (rows, { owed: owing = false } = {}) => {
        calls.putMany++;
        for (const row of rows) {
          stored.set(row.hash, row);
          if (owing && !relay.has(row.hash)) owed.add(row.hash);
        }
        return Promise.resolve();
      },
      markHeld: (hashes) => {
        for (const hash of hashes) owed.delete(hash);
        return Promise.resolve();
      },
    },
    outbox: { claim: () => () => undefined },
    api: {
      missingChunks: (hashes) => {
        calls.missing++;
        if (options.missingError !== undefined) return Promise.resolve(err(options.missingError));
        return Promise.resolve(ok(hashes.filter((h) => !relay.has(h))));
      },
      putChunkBatch: (chunks) => {
        calls.batches.push(chunks.map((c) => c.hash));
        // Stored and owed before it is sent.
        for (const { hash } of chunks) expect(stored.has(hash) && owed.has(hash)).toBe(true);
        if (options.batchError !== undefined) return Promise.resolve(err(options.batchError));
        for (const { hash } of chunks) relay.add(hash);
        return Promise.resolve(
          ok({ chunks: chunks.map(({ hash, bytes }) => ({ hash, size: bytes.size, stored: true })) }),
        );
      },
    },
  };
  return { deps, relay, stored, owed, calls };
}

const fileOf = (name: string, bytes: Uint8Array<ArrayBuffer>, type = ''): File => new File([bytes], name, { type });

describe('small files', () => {
  it('stores a batch in one transaction, asks once, and sends only what the relay lacks in one request', async () => {
    const f = fakes();
    const files = [1, 2, 3].map((i) => fileOf(`f${i}`, seededBytes(4096, i)));
    f.relay.add(ChunkHash.parse(await sha256Hex(seededBytes(4096, 2))));
    const safe: number[] = [];
    const result = await uploadSmallFiles(
      files,
      f.deps,
      (indexes) => safe.push(...indexes),
      new AbortController().signal,
    );
    expect(result.ok).toBe(true);
    expect(f.calls).toMatchObject({ missing: 1, putMany: 1 });
    expect(f.calls.batches).toEqual([[await sha256Hex(seededBytes(4096, 1)), await sha256Hex(seededBytes(4096, 3))]]);
    expect(f.owed.size).toBe(0);
    expect(safe).toEqual([0, 1, 2]);
    const answers = result.ok ? result.value : [];
    for (const [i, answer] of answers.entries()) {
      expect(answer).toMatchObject({
        ok: true,
        value: { sent: true, sha256: await sha256Hex(seededBytes(4096, i + 1)) },
      });
    }
  });

  it('gives the same Content as the chunking path for the same bytes', async () => {
    const f = fakes();
    const inProcess = createTaskPool<ChunkApi>({
      size: 1,
      start: () => Promise.resolve(testChunker({ chunker: {} })),
      stop: () => undefined,
    });
    const run: RunOnWorker = (task, opts) => inProcess.run(task, opts);
    const chunker = {
      chunkFile: (file: File, request: Parameters<typeof chunkFileOn>[2]) => chunkFileOn(run, file, request),
    };
    const signal = new AbortController().signal;
    for (const size of [1, 4096, SMALL_FILE_BYTES]) {
      const file = fileOf('same.txt', seededBytes(size, size), 'text/plain');
      const small = await uploadSmallFiles([file], f.deps, () => undefined, signal);
      const whole = await uploadFile(
        file,
        {
          ...f.deps,
          chunker,
          chunks: { ...f.deps.chunks, evict: () => Promise.resolve({ chunks: 0, bytes: 0 }) },
          api: { ...f.deps.api, putChunk: () => Promise.resolve(err(networkDown)) },
        },
        () => undefined,
        signal,
      );
      const answer = small.ok ? small.value[0] : undefined;
      expect(answer?.ok && whole.ok && answer.value.content).toEqual(whole.ok && whole.value.content);
    }
  });

  it('offline, stores the chunks owed and still answers every file, marked unsent', async () => {
    const f = fakes({ missingError: networkDown });
    const files = [fileOf('a', seededBytes(100, 1)), fileOf('empty', new Uint8Array(0))];
    const result = await uploadSmallFiles(files, f.deps, () => undefined, new AbortController().signal);
    expect(f.calls.batches).toEqual([]);
    expect([...f.owed]).toEqual([await sha256Hex(seededBytes(100, 1))]);
    const answers = result.ok ? result.value : [];
    expect(answers.map((a) => a.ok && a.value.sent)).toEqual([false, false]);
    // An empty file has no chunk, as the chunker makes none.
    expect(answers[1]).toMatchObject({ ok: true, value: { content: { size: 0, manifest: { chunks: [] } } } });
  });

  it('fails the whole batch, storing nothing, when the relay refuses it', async () => {
    const f = fakes({ missingError: quotaFull });
    const result = await uploadSmallFiles(
      [fileOf('a', seededBytes(10, 1))],
      f.deps,
      () => undefined,
      new AbortController().signal,
    );
    expect(result).toEqual(err('Your drive is full.'));
    expect(f.stored.size).toBe(0);
  });

  it('fails the batch when its request is rejected, leaving its chunks owed for the chunk sender', async () => {
    const f = fakes({ batchError: { kind: 'bad_request', status: 422, message: 'A chunk did not match its hash.' } });
    const result = await uploadSmallFiles(
      [fileOf('a', seededBytes(10, 1))],
      f.deps,
      () => undefined,
      new AbortController().signal,
    );
    expect(result).toEqual(err('A chunk did not match its hash.'));
    expect(f.owed.size).toBe(1);
  });

  it('fails only the file that cannot be read', async () => {
    const f = fakes();
    const unreadable = fileOf('gone', seededBytes(10, 2));
    Object.defineProperty(unreadable, 'arrayBuffer', { value: () => Promise.reject(new Error('NotReadableError')) });
    const result = await uploadSmallFiles(
      [fileOf('a', seededBytes(10, 1)), unreadable],
      f.deps,
      () => undefined,
      new AbortController().signal,
    );
    const answers = result.ok ? result.value : [];
    expect(answers.map((a) => a.ok)).toEqual([true, false]);
    expect(answers[1]).toEqual(err('Could not read this file (NotReadableError).'));
  });
});
