// Streaming a file's bytes to clients that do not chunk (seed 4.1): the version's chunks read one
// after another from the blob store, so memory holds at most one piece of one chunk whatever the
// file's size. Every chunk is checked to be held before the first byte goes out: once headers are
// sent, a missing chunk could only cut the response short. The first chunk is also opened (its seal
// verified, blob store) before then, so a damaged chunk there is an ordinary logged 500, not a cut.
import { Readable } from 'node:stream';
import type { Manifest } from '@sheaf/shared/drive/manifest';
import type { ChunkHash } from '@sheaf/shared/ids';
import { retainedVersions } from '@sheaf/shared/drive/retention';
import { fileDownloadRoute } from '@sheaf/shared/protocol/routes';
import type { BlobStore } from '../blobs/blob-store.js';
import type { ChunkIndex } from '../blobs/chunk-index.js';
import type { Clock } from '../clock.js';
import type { DriveHub } from '../drive/drive-hub.js';
import { fail, isFailure } from '../http/api-error.js';
import { rawResponse, type Mounter } from '../http/mount.js';
import { ifRangeHolds, parseRange } from '../http/range.js';
import { callerDrive } from './drive-access.js';

export type DownloadRouteDeps = {
  readonly hub: DriveHub;
  readonly blobs: BlobStore;
  readonly chunkIndex: ChunkIndex;
  readonly clock: Clock;
};

const NOT_FOUND = 'No such file in your drive.';

export function mountDownloadRoutes(m: Mounter, { hub, blobs, chunkIndex, clock }: DownloadRouteDeps): void {
  m.mount(fileDownloadRoute, async ({ ctx, caller, params, query }) => {
    const drive = await callerDrive(hub, caller);
    if (isFailure(drive)) return drive;
    const node = drive.replica().tree().nodes.get(params.fileId);
    if (node === undefined) return fail('not_found', NOT_FOUND);
    if (node.kind === 'folder') return fail('conflict', `“${node.name}” is a folder: download its files one by one.`);
    const version =
      query.versionId === undefined ? node.versions.at(-1) : node.versions.find((v) => v.op === query.versionId);
    if (version === undefined) return fail('not_found', 'No such version of this file.');
    if (!retainedVersions(node.versions, drive.retention(), clock.now()).has(version.op)) {
      return fail('gone', 'That version has expired under the drive’s version history setting.');
    }
    const { manifest } = version.content;
    const unreadable = chunkIndex.unreadableBy(
      caller.userId,
      manifest.chunks.map((c) => c.hash),
    );
    if (unreadable.length > 0) {
      return fail(
        'unavailable',
        'Part of this file has not reached the server yet: try again once the device that saved it is online.',
      );
    }

    const size = manifest.size;
    const etag = `"${version.content.hash}"`;
    ctx.set('ETag', etag);
    ctx.set('Accept-Ranges', 'bytes');
    ctx.set('Content-Disposition', contentDisposition(node.name));
    ctx.set('Cache-Control', 'private, no-cache');
    const range = ifRangeHolds(ctx.get('if-range') || undefined, etag)
      ? parseRange(ctx.get('range') || undefined, size)
      : ({ kind: 'full' } as const);
    if (range.kind === 'unsatisfiable') {
      ctx.set('Content-Range', `bytes */${size}`);
      return fail('range_not_satisfiable', `The file has ${size} bytes; the requested range is outside them.`);
    }
    const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size];
    ctx.status = range.kind === 'partial' ? 206 : 200;
    if (range.kind === 'partial') ctx.set('Content-Range', `bytes ${start}-${end - 1}/${size}`);
    ctx.type = version.content.mediaType || 'application/octet-stream';
    ctx.length = end - start;
    const [first, ...rest] = spansOf(manifest, start, end);
    const opened = first === undefined ? undefined : await openSpan(blobs, first);
    ctx.body = new ChunkSequence(blobs, opened, rest);
    return rawResponse;
  });
}

/** The part `[from, to)` of one chunk that a download sends. */
export type Span = { readonly hash: ChunkHash; readonly from: number; readonly to: number };

/** The part `[from, to)` of each chunk that the bytes `[start, end)` of a manifest's content cover. */
function spansOf(manifest: Manifest, start: number, end: number): Span[] {
  const spans: Span[] = [];
  let offset = 0;
  for (const chunk of manifest.chunks) {
    const from = Math.max(start - offset, 0);
    const to = Math.min(end - offset, chunk.size);
    offset += chunk.size;
    if (to <= 0) break;
    if (from >= chunk.size || from >= to) continue;
    spans.push({ hash: chunk.hash, from, to });
  }
  return spans;
}

async function openSpan(blobs: BlobStore, span: Span): Promise<Readable> {
  const stream = await blobs.get(span.hash, { start: span.from, end: span.to });
  // Checked before the headers went out; gone now means it was deleted in between.
  if (stream === undefined) throw new Error(`chunk ${span.hash} vanished during a download`);
  return stream;
}

/**
 * The bytes of `first`, already open, then of each of `rest`. The next chunk is opened (read, and
 * with sealing deciphered and verified) while the current one is sent, so disk and socket overlap;
 * one chunk ahead, no more, keeps memory to two chunks per download. Each chunk's pieces are passed
 * on as its stream emits them, pausing it while the consumer is full: an async generator between
 * the two (Readable.from) cost several promise turns a piece, and `read()` joins (copies) whatever
 * pieces are buffered, both a share of a download's time.
 */
export class ChunkSequence extends Readable {
  readonly #blobs: BlobStore;
  readonly #rest: readonly Span[];
  #index = 0;
  #current: Readable | undefined;
  #ahead: Promise<Readable> | undefined;
  /** Whether the consumer asked for bytes and `push` has not refused one since. */
  #wanted = false;
  readonly #passOn = (piece: unknown): void => {
    this.#wanted = this.push(piece);
    if (!this.#wanted) this.#current?.pause();
  };
  readonly #ended = (): void => this.#nextChunk();
  readonly #failed = (error: Error): void => void this.destroy(error);

  constructor(blobs: BlobStore, first: Readable | undefined, rest: readonly Span[]) {
    super();
    this.#blobs = blobs;
    this.#rest = rest;
    this.#ahead = this.#openAhead();
    if (first === undefined) this.#nextChunk();
    else this.#follow(first);
  }

  override _read(): void {
    this.#wanted = true;
    this.#current?.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#current?.destroy();
    this.#current = undefined;
    // A download cut short leaves the chunk opened ahead: close it.
    void this.#ahead?.then(
      (stream) => stream.destroy(),
      () => undefined,
    );
    this.#ahead = undefined;
    callback(error);
  }

  #openAhead(): Promise<Readable> | undefined {
    const span = this.#rest[this.#index++];
    if (span === undefined) return undefined;
    const opening = openSpan(this.#blobs, span);
    // Awaited once the chunk before is sent, unless the download stops first; then its failure
    // must not go unhandled.
    opening.catch(() => undefined);
    return opening;
  }

  #follow(stream: Readable): void {
    this.#current = stream;
    stream.once('end', this.#ended);
    stream.once('error', this.#failed);
    // Flowing while the consumer wants bytes, paused whenever `push` says enough. A chunk that
    // starts while the consumer is full waits paused: otherwise every chunk could end (and the
    // next be opened) each with one piece pushed past the limit, however long the consumer stalls.
    if (!this.#wanted) stream.pause();
    stream.on('data', this.#passOn);
  }

  #nextChunk(): void {
    const done = this.#current;
    if (done !== undefined) {
      done.off('data', this.#passOn);
      done.off('error', this.#failed);
      this.#current = undefined;
    }
    const ahead = this.#ahead;
    if (ahead === undefined) {
      this.push(null);
      return;
    }
    this.#ahead = this.#openAhead();
    ahead.then(
      (stream) => {
        if (this.destroyed) stream.destroy();
        else this.#follow(stream);
      },
      (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  }
}

/** RFC 6266: a plain ASCII fallback and the exact name in RFC 5987 encoding. */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
