import { describe, expect, it } from 'vitest';
import type { ChunkHash } from '@sheaf/shared/ids';
import { err, ok } from '@sheaf/shared/result';
import { chunkFileOn, type RunOnWorker } from '@sheaf/workers/chunk-pool';
import { seededBytes, sha256Hex, testChunker } from '@sheaf/workers/chunk-test-kit';
import { createTaskPool } from '@sheaf/workers/task-pool';
import type { ChunkApi } from '@sheaf/workers/chunk-api';
import type { ApiError } from '../api/client.js';
import type { ChunkRow } from '../local/db.js';
import { createChunkSender } from './chunk-sender.js';
import { BATCH_BYTES, isQuotaError, uploadFile, type UploadDeps, type UploadProgress } from './upload.js';

const MiB = 1024 * 1024;

/** The chunk pool with in-process chunkers at the shipped sizes in place of workers. */
function inProcessChunker(): UploadDeps['chunker'] {
  const pool = createTaskPool<ChunkApi>({
    size: 1,
    start: () => Promise.resolve(testChunker({ chunker: {} })),
    stop: () => undefined,
  });
  const run: RunOnWorker = (task, options) => pool.run(task, options);
  return { chunkFile: (file, request) => chunkFileOn(run, file, request) };
}

const networkDown: ApiError = { kind: 'network', status: 0, message: 'offline' };

/** A relay that keeps hashes, and a device (chunk store, outbox) that keeps rows, recording the traffic. */
function fakes(
  options: {
    failPutsAfter?: number;
    missingError?: ApiError;
    /** putMany throws this many quota errors (or this error, for `storeError`) before it stores. */
    quotaErrors?: number;
    storeError?: Error;
  } = {},
) {
  const relay = new Set<ChunkHash>();
  const stored = new Map<ChunkHash, ChunkRow>();
  /** Owed to the relay: the outbox, as chunk-store.ts keeps it. */
  const owed = new Set<ChunkHash>();
  const held = new Set<ChunkHash>();
  const claimed = new Set<ChunkHash>();
  const missingCalls: Array<{ hashes: readonly ChunkHash[]; uploadBytes: number | undefined }> = [];
  const puts: Array<{ hash: ChunkHash; size: number; claimed: boolean }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let quotaErrors = options.quotaErrors ?? 0;
  const evictions: number[] = [];
  const deps: UploadDeps = {
    chunker: inProcessChunker(),
    chunks: {
      putMany: (rows, { owed: owing = false } = {}) => {
        if (options.storeError !== undefined) return Promise.reject(options.storeError);
        if (quotaErrors > 0) {
          quotaErrors--;
          // As Dexie reports a transaction the browser aborted for want of space.
          const abort = Object.assign(new Error('Transaction aborted'), { name: 'AbortError' });
          return Promise.reject(Object.assign(abort, { inner: new DOMException('full', 'QuotaExceededError') }));
        }
        for (const row of rows) {
          stored.set(row.hash, row);
          if (owing && !held.has(row.hash)) owed.add(row.hash);
        }
        return Promise.resolve();
      },
      markHeld: (hashes) => {
        for (const hash of hashes) {
          held.add(hash);
          owed.delete(hash);
        }
        return Promise.resolve();
      },
      evict: (budget) => {
        evictions.push(budget);
        return Promise.resolve({ chunks: 0, bytes: 0 });
      },
    },
    outbox: {
      claim: (hashes) => {
        for (const hash of hashes) claimed.add(hash);
        return () => {
          for (const hash of hashes) claimed.delete(hash);
        };
      },
    },
    api: {
      missingChunks: (hashes, _signal, uploadBytes) => {
        missingCalls.push({ hashes, uploadBytes });
        if (options.missingError !== undefined) return Promise.resolve(err(options.missingError));
        return Promise.resolve(ok(hashes.filter((h) => !relay.has(h))));
      },
      putChunk: async (hash, bytes, signal) => {
        // Stored and owed before it is sent (by an upload or the chunk sender), unless the device is full.
        if (options.quotaErrors === undefined) expect(stored.has(hash) && owed.has(hash)).toBe(true);
        const wasClaimed = claimed.has(hash);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight--;
        // As the real client: an aborted request rejects with the signal's reason.
        if (signal?.aborted === true) throw signal.reason;
        if (options.failPutsAfter !== undefined && puts.length >= options.failPutsAfter) return err(networkDown);
        // The relay checks the bytes against the hash.
        expect(await sha256Hex(new Uint8Array(await bytes.arrayBuffer()))).toBe(hash);
        relay.add(hash);
        puts.push({ hash, size: bytes.size, claimed: wasClaimed });
        return ok({ hash, size: bytes.size, stored: true });
      },
    },
  };
  return { deps, relay, stored, owed, held, claimed, missingCalls, puts, evictions, maxInFlight: () => maxInFlight };
}

const upload = async (deps: UploadDeps, bytes: Uint8Array<ArrayBuffer>, progress: UploadProgress[] = []) =>
  uploadFile(new File([bytes], 'data.bin'), deps, (p) => progress.push(p), new AbortController().signal);

describe('uploadFile', () => {
  it('sends the content-defined chunks the relay lacks, in batches, and gives the whole SHA-256', async () => {
    const bytes = seededBytes(20 * MiB, 1);
    const f = fakes();
    const progress: UploadProgress[] = [];
    const result = await upload(f.deps, bytes, progress);
    if (!result.ok) throw new Error(result.error);
    const { content, sha256, sent } = result.value;
    expect(sent).toBe(true);
    expect(sha256).toBe(await sha256Hex(bytes));
    // The manifest records it too (outside the canonical JSON that the content hash covers).
    expect(content.manifest.sha256).toBe(sha256);
    // Nothing is left owed, claimed or unmarked once the relay holds it all.
    expect(f.owed.size).toBe(0);
    expect(f.claimed.size).toBe(0);
    // Claimed from the chunk sender while they were being sent.
    expect(f.puts.every((p) => p.claimed)).toBe(true);
    expect([...f.stored.keys()].every((hash) => f.held.has(hash))).toBe(true);
    expect(content.size).toBe(bytes.length);
    expect(content.manifest.chunks.reduce((n, c) => n + c.size, 0)).toBe(bytes.length);
    // Every chunk went once, at most 4 at a time, and is kept on the device too.
    expect(f.puts.map((p) => p.hash).sort()).toEqual(content.manifest.chunks.map((c) => c.hash).sort());
    expect(f.maxInFlight()).toBeLessThanOrEqual(4);
    expect(f.stored.size).toBe(content.manifest.chunks.length);
    // One /missing per batch of about BATCH_BYTES; only the first announces the file's size.
    expect(f.missingCalls.length).toBe(Math.ceil(bytes.length / BATCH_BYTES));
    expect(f.missingCalls.map((c) => c.uploadBytes)).toEqual([
      bytes.length,
      ...f.missingCalls.slice(1).map(() => undefined),
    ]);
    expect(progress.at(-1)).toEqual({ doneBytes: bytes.length, hashedBytes: bytes.length, totalBytes: bytes.length });
  });

  it('sends at most 2 chunks for a new version with one byte inserted in the middle', async () => {
    const before = seededBytes(24 * MiB, 2);
    const after = new Uint8Array(before.length + 1);
    after.set(before.subarray(0, before.length / 2));
    after[before.length / 2] = 0x2a;
    after.set(before.subarray(before.length / 2), before.length / 2 + 1);
    const f = fakes();
    const first = await upload(f.deps, before);
    expect(first.ok).toBe(true);
    const sentBefore = f.puts.length;
    const second = await upload(f.deps, after);
    if (!second.ok) throw new Error(second.error);
    const sentAgain = f.puts.slice(sentBefore);
    expect(sentAgain.length).toBeLessThanOrEqual(2);
    expect(sentAgain.reduce((n, p) => n + p.size, 0)).toBeLessThanOrEqual(2 * 4 * MiB);
    expect(second.value.sha256).toBe(await sha256Hex(after));
  });

  it('keeps what it could not send in the outbox and still saves the file', async () => {
    const bytes = seededBytes(20 * MiB, 3);
    const f = fakes({ failPutsAfter: 5 });
    const result = await upload(f.deps, bytes);
    if (!result.ok) throw new Error(result.error);
    expect(result.value.sent).toBe(false);
    const all = result.value.content.manifest.chunks.map((c) => c.hash);
    // Every chunk is either on the relay or owed to it, and all are on the device.
    expect(all.every((h) => (f.relay.has(h) && f.held.has(h)) || f.owed.has(h))).toBe(true);
    expect(f.owed.size).toBeGreaterThan(0);
    expect(f.stored.size).toBe(new Set(all).size);
    // Once offline, it stops trying: no /missing after the failed batch.
    expect(f.missingCalls.length).toBeLessThan(Math.ceil(bytes.length / BATCH_BYTES));
  });

  it('fails on what the relay refuses (a full drive) rather than saving for later', async () => {
    const f = fakes({ missingError: { kind: 'quota_exceeded', status: 507, message: 'Your drive is full.' } });
    const result = await upload(f.deps, seededBytes(MiB, 4));
    expect(result).toEqual({ ok: false, error: 'Your drive is full.' });
    expect(f.puts).toEqual([]);
    // Refused before anything was stored: nothing is left owed to be sent later.
    expect(f.stored.size).toBe(0);
    expect(f.owed.size).toBe(0);
  });

  it('uploads an empty file without asking the relay anything', async () => {
    const f = fakes();
    const result = await upload(f.deps, new Uint8Array(0));
    if (!result.ok) throw new Error(result.error);
    const empty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(result.value.content.manifest).toEqual({ size: 0, chunks: [], sha256: empty });
    expect(result.value.sha256).toBe(empty);
    expect(f.missingCalls).toEqual([]);
  });

  it('leaves the chunks of an upload cut off mid-way owed, and the chunk sender sends only those', async () => {
    const bytes = seededBytes(40 * MiB, 6);
    const f = fakes();
    const controller = new AbortController();
    // The tab closes while the third batch is being sent.
    const cut = await uploadFile(
      new File([bytes], 'big.bin'),
      f.deps,
      () => {
        if (f.missingCalls.length === 3 && f.puts.length > 0)
          controller.abort(new DOMException('closed', 'AbortError'));
      },
      controller.signal,
    );
    expect(cut).toEqual({ ok: false, error: 'Cancelled.' });
    const sentBefore = f.puts.map((p) => p.hash);
    expect(f.owed.size).toBeGreaterThan(0);
    // Every stored chunk is held by the relay or owed to it.
    expect([...f.stored.keys()].every((hash) => f.relay.has(hash) || f.owed.has(hash))).toBe(true);

    // After the reload: the sender, on the same device and relay, sends what is owed.
    const outboxRows = () => [...f.owed].map((hash, added) => ({ hash, size: f.stored.get(hash)?.size ?? 0, added }));
    const sender = createChunkSender({
      outbox: {
        oldest: (limit) => Promise.resolve(outboxRows().slice(0, limit)),
        remove: (hashes) => {
          for (const hash of hashes) f.owed.delete(hash);
          return Promise.resolve();
        },
        count: () => Promise.resolve(f.owed.size),
      },
      chunks: { get: (hash) => Promise.resolve(f.stored.get(hash)?.bytes), markHeld: f.deps.chunks.markHeld },
      api: f.deps.api,
      setTimer: () => () => undefined,
      random: () => 0,
    });
    await expect.poll(() => sender.owed.get() === 0 && f.owed.size === 0).toBe(true);
    sender.close();
    const resent = f.puts.slice(sentBefore.length).map((p) => p.hash);
    expect(resent.filter((hash) => sentBefore.includes(hash))).toEqual([]);

    // Uploading the file again sends only what was never read before the cut: no chunk twice.
    const again = await upload(f.deps, bytes);
    if (!again.ok) throw new Error(again.error);
    const everyPut = f.puts.map((p) => p.hash);
    expect(new Set(everyPut).size).toBe(everyPut.length);
    expect(new Set(everyPut)).toEqual(new Set(again.value.content.manifest.chunks.map((c) => c.hash)));
  });

  it('answers Cancelled. when its signal aborts', async () => {
    const f = fakes();
    const controller = new AbortController();
    const result = uploadFile(
      new File([seededBytes(20 * MiB, 5)], 'big.bin'),
      f.deps,
      ({ hashedBytes }) => {
        if (hashedBytes > 0) controller.abort(new DOMException('Upload cancelled', 'AbortError'));
      },
      controller.signal,
    );
    expect(await result).toEqual({ ok: false, error: 'Cancelled.' });
  });

  describe('on a device out of storage space', () => {
    it('frees the cache once and stores the batch on the second try', async () => {
      const bytes = seededBytes(12 * MiB, 6);
      const f = fakes({ quotaErrors: 1 });
      const result = await upload(f.deps, bytes);
      if (!result.ok) throw new Error(result.error);
      expect(f.evictions).toEqual([0]);
      expect(result.value.sent).toBe(true);
      // Every chunk kept after all, and none left owed once sent.
      expect(f.stored.size).toBe(result.value.content.manifest.chunks.length);
      expect(f.owed.size).toBe(0);
    });

    it('sends the batches it cannot keep straight to the relay, owing nothing', async () => {
      const bytes = seededBytes(12 * MiB, 7);
      const f = fakes({ quotaErrors: Number.MAX_SAFE_INTEGER });
      const result = await upload(f.deps, bytes);
      if (!result.ok) throw new Error(result.error);
      expect(result.value.sha256).toBe(await sha256Hex(bytes));
      expect(result.value.sent).toBe(true);
      expect(f.stored.size).toBe(0);
      expect(f.owed.size).toBe(0);
      const manifest = result.value.content.manifest.chunks.map((c) => c.hash);
      expect(f.puts.map((p) => p.hash).sort()).toEqual([...manifest].sort());
    });

    it('fails with a readable reason when it can neither keep nor send a batch', async () => {
      const f = fakes({ quotaErrors: Number.MAX_SAFE_INTEGER, missingError: networkDown });
      const result = await upload(f.deps, seededBytes(4 * MiB, 8));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/out of storage space/);
      expect(f.owed.size).toBe(0);
    });

    it('fails when a batch it could not keep does not reach the relay either', async () => {
      const f = fakes({ quotaErrors: Number.MAX_SAFE_INTEGER, failPutsAfter: 2 });
      const result = await upload(f.deps, seededBytes(12 * MiB, 9));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/out of storage space/);
    });

    it('says the file changed when IndexedDB refuses a slice of a file edited since it was picked', async () => {
      // As Chromium aborts the transaction when the file's modification time moved.
      const refused = Object.assign(new Error('Transaction aborted'), {
        name: 'AbortError',
        inner: new DOMException('Failed to write blobs (InvalidBlob)', 'DataError'),
      });
      const f = fakes({ storeError: refused });
      const result = await upload(f.deps, seededBytes(1 * MiB, 11));
      expect(result).toEqual({ ok: false, error: 'This file changed while it was being read. Try again.' });
    });

    it('leaves other storage failures as they were', async () => {
      const f = fakes({ storeError: new Error('disk on fire') });
      const result = await upload(f.deps, seededBytes(1 * MiB, 10));
      expect(result).toEqual({ ok: false, error: 'Could not read or store this file (disk on fire).' });
      expect(f.evictions).toEqual([]);
    });
  });
});

describe('the chunks kept', () => {
  it('are slices of the picked file, not copies of the bytes read', async () => {
    // A Blob made of bytes stays in the browser process until a garbage collection; a slice refers to the file.
    const slices: Array<{ start: number | undefined; end: number | undefined }> = [];
    class PickedFile extends File {
      override slice(start?: number, end?: number, type?: string): Blob {
        slices.push({ start, end });
        return super.slice(start, end, type);
      }
    }
    const f = fakes();
    const bytes = seededBytes(12 * MiB, 12);
    const result = await uploadFile(
      new PickedFile([bytes], 'data.bin'),
      f.deps,
      () => undefined,
      new AbortController().signal,
    );
    if (!result.ok) throw new Error(result.error);
    let at = 0;
    const expected = result.value.content.manifest.chunks.map(({ size }) => ({ start: at, end: (at += size) }));
    // The chunker reads from a slice too (`slice(start)`), with no end.
    expect(slices.filter(({ end }) => end !== undefined)).toEqual(expected);
    for (const { hash, size } of result.value.content.manifest.chunks)
      expect(f.stored.get(hash)?.bytes.size).toBe(size);
  });
});

describe('isQuotaError', () => {
  it('finds the quota error however Dexie wrapped it, and nothing else', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    const wrapped = Object.assign(new Error('aborted'), { inner: new DOMException('full', 'QuotaExceededError') });
    expect(isQuotaError(wrapped)).toBe(true);
    expect(isQuotaError(new Error('QuotaExceededError Transaction aborted'))).toBe(true);
    expect(isQuotaError(new Error('disk on fire'))).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
  });
});
