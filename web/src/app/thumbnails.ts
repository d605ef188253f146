// Thumbnails of pictures, by the content hash of the version they show, from the cheapest source:
// this device's store; else the relay, when another device recorded one in the drive; else made here
// in the worker from the picture's bytes (read through the chunk cache like any download), stored,
// and sent to the relay and recorded in the drive so that the other devices need not make it again.
import type { Content } from '@sheaf/shared/drive/ops';
import { MAX_THUMBNAIL_BYTES, type Thumbnail } from '@sheaf/shared/drive/thumbnails';
import { toHex } from '@sheaf/shared/hex';
import { ChunkHash } from '@sheaf/shared/ids';
import type { Result } from '@sheaf/shared/result';
import type { ThumbnailResult } from '@sheaf/workers/thumbnail-api';
import { createThumbnailPool, type ThumbnailPool } from '@sheaf/workers/thumbnail-pool';
import { THUMBNAIL_SIDE } from '@sheaf/workers/thumbnail-size';
import type { ApiClient } from '../api/client.js';
import type { SheafDb, ThumbnailRow } from '../local/db.js';
import { createThumbnailStore, type ThumbnailStore } from '../local/thumbnail-store.js';
import type { DriveSync } from '../sync/drive-sync.js';
import type { Downloads } from '../transfer/download-queue.js';
import { canMakeThumbnail } from './preview-kind.js';
import { withoutWholeHash } from './preview-text.js';

export type ThumbnailDeps = {
  readonly store: ThumbnailStore;
  readonly drive: Pick<DriveSync, 'thumbnail' | 'setThumbnail'>;
  readonly api: Pick<ApiClient, 'getChunk' | 'putChunk'>;
  /** SHA-256 of a fetched thumbnail, checked before it is shown or kept. */
  readonly sha256: (bytes: ArrayBuffer) => Promise<ChunkHash>;
  /** A version's bytes, from this device or the relay (the download path). */
  readonly read: (content: Content, signal: AbortSignal) => Promise<Result<Blob, string>>;
  /** Makes a thumbnail in the worker. */
  readonly make: (image: Blob, side: number, signal: AbortSignal) => Promise<ThumbnailResult>;
  readonly now: () => number;
};

export type Thumbnails = {
  /**
   * The thumbnail of `content` (a file named `name`), or undefined when it has none: not a picture,
   * too large to read for one, unreadable, or offline with nothing stored. `signal` withdraws this
   * caller's interest: work no one waits for any more is not started.
   */
  get(content: Content, name: string, signal: AbortSignal): Promise<Blob | undefined>;
  close(): void;
};

/**
 * Pictures larger than this get a thumbnail only from the relay: reading 100 MB over the network
 * for a 20 kB picture is not worth it (the device that added it, which has the bytes, makes it).
 */
export const MAX_SOURCE_BYTES = 32 * 1024 * 1024;
/** Thumbnails made at once: each holds a decoded picture, up to ~100 MB for a large photo. */
const PARALLEL_MAKES = 2;
/** Made or fetched thumbnails kept in memory, so a grid scrolled back and forth reads nothing again. */
const MEMORY_ENTRIES = 600;

type Job = { waiters: number; readonly done: Promise<Blob | undefined> };

export function createThumbnails(deps: ThumbnailDeps): Thumbnails {
  const closing = new AbortController();
  const jobs = new Map<ChunkHash, Job>();
  const memory = new Map<ChunkHash, Blob>();
  /** Contents whose picture could not be decoded here: not tried again this session. */
  const unreadable = new Set<ChunkHash>();
  /** Thumbnails being sent, so a second sight of an unsynced one does not send it twice. */
  const sending = new Set<ChunkHash>();
  const makes = createLimiter(PARALLEL_MAKES);

  const remember = (content: ChunkHash, blob: Blob): Blob => {
    memory.delete(content);
    memory.set(content, blob);
    if (memory.size > MEMORY_ENTRIES) {
      const oldest = memory.keys().next();
      if (oldest.done !== true) memory.delete(oldest.value);
    }
    return blob;
  };

  const asBlob = (row: Pick<ThumbnailRow, 'bytes' | 'mediaType'>): Blob =>
    row.bytes.type === row.mediaType ? row.bytes : new Blob([row.bytes], { type: row.mediaType });

  /** Sends a thumbnail's bytes to the relay, then records it in the drive. Failures wait for a later sight. */
  const send = async (content: ChunkHash, row: ThumbnailRow): Promise<void> => {
    if (sending.has(content)) return;
    sending.add(content);
    try {
      const put = await deps.api.putChunk(row.hash, row.bytes, closing.signal);
      if (!put.ok) return;
      const thumbnail: Thumbnail = {
        hash: row.hash,
        size: row.bytes.size,
        width: row.width,
        height: row.height,
        mediaType: row.mediaType,
      };
      if (!deps.drive.setThumbnail(content, thumbnail).ok) return;
      await deps.store.markSynced(content);
    } catch (error) {
      if (!closing.signal.aborted) console.warn('Sheaf: a thumbnail could not be sent', error);
    } finally {
      sending.delete(content);
    }
  };

  const fetchRecorded = async (content: ChunkHash, recorded: Thumbnail): Promise<Blob | undefined> => {
    if (recorded.size > MAX_THUMBNAIL_BYTES) return undefined;
    const fetched = await deps.api.getChunk(recorded.hash, closing.signal);
    if (!fetched.ok || fetched.value.byteLength !== recorded.size) return undefined;
    if ((await deps.sha256(fetched.value)) !== recorded.hash) return undefined;
    const row: ThumbnailRow = {
      content,
      hash: recorded.hash,
      bytes: new Blob([fetched.value], { type: recorded.mediaType }),
      width: recorded.width,
      height: recorded.height,
      mediaType: recorded.mediaType,
      synced: 1,
      usedAt: deps.now(),
    };
    await deps.store.put(row);
    return row.bytes;
  };

  const makeHere = async (content: Content, job: Job): Promise<Blob | undefined> => {
    if (content.size > MAX_SOURCE_BYTES || unreadable.has(content.hash)) return undefined;
    return makes(async () => {
      // Queued behind others while the grid scrolled on: nobody wants it any more.
      if (job.waiters === 0 || closing.signal.aborted) return undefined;
      const picture = await deps.read(content, closing.signal);
      if (!picture.ok) return undefined;
      const made = await deps.make(picture.value, THUMBNAIL_SIDE, closing.signal);
      if (!made.ok) {
        unreadable.add(content.hash);
        return undefined;
      }
      const { bytes, hash, width, height, mediaType } = made.value;
      const row: ThumbnailRow = {
        content: content.hash,
        hash,
        bytes: new Blob([bytes], { type: mediaType }),
        width,
        height,
        mediaType,
        synced: 0,
        usedAt: deps.now(),
      };
      await deps.store.put(row);
      void send(content.hash, row);
      return row.bytes;
    });
  };

  const find = async (content: Content, job: Job): Promise<Blob | undefined> => {
    const stored = await deps.store.get(content.hash);
    if (stored !== undefined) {
      // Made here while offline, or its recording was lost to a concurrent one: send it now.
      if (stored.synced === 0 && deps.drive.thumbnail(content.hash) === undefined) void send(content.hash, stored);
      return asBlob(stored);
    }
    const recorded = deps.drive.thumbnail(content.hash);
    if (recorded !== undefined) {
      const fetched = await fetchRecorded(content.hash, recorded);
      if (fetched !== undefined) return fetched;
      // Not on the relay yet (its device is offline) or damaged: make one here if the bytes allow.
    }
    return makeHere(content, job);
  };

  const start = (content: Content): Job => {
    const job: Job = {
      waiters: 0,
      done: Promise.resolve()
        .then(() => find(content, job))
        .then(
          (blob) => (blob === undefined ? undefined : remember(content.hash, blob)),
          (error: unknown) => {
            if (!closing.signal.aborted) console.warn('Sheaf: a thumbnail could not be shown', error);
            return undefined;
          },
        )
        .finally(() => jobs.delete(content.hash)),
    };
    jobs.set(content.hash, job);
    return job;
  };

  return {
    get(content, name, signal) {
      if (closing.signal.aborted || !canMakeThumbnail(name, content.mediaType)) return Promise.resolve(undefined);
      const known = memory.get(content.hash);
      if (known !== undefined) return Promise.resolve(remember(content.hash, known));
      const job = jobs.get(content.hash) ?? start(content);
      job.waiters += 1;
      return new Promise<Blob | undefined>((resolve) => {
        const withdraw = (): void => {
          job.waiters -= 1;
          resolve(undefined);
        };
        if (signal.aborted) {
          withdraw();
          return;
        }
        signal.addEventListener('abort', withdraw, { once: true });
        void job.done.then((blob) => {
          signal.removeEventListener('abort', withdraw);
          if (!signal.aborted) job.waiters -= 1;
          resolve(blob);
        });
      });
    },
    close() {
      closing.abort(new DOMException('Signed out', 'AbortError'));
      memory.clear();
    },
  };
}

/** Runs at most `limit` tasks at once, the others in the order they came. */
function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    // A finished task hands its slot straight to the next waiting one, so no newcomer slips in between.
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next === undefined) running -= 1;
      else next();
    }
  };
}

export type ThumbnailWiring = {
  readonly db: SheafDb;
  readonly api: ThumbnailDeps['api'];
  readonly drive: ThumbnailDeps['drive'];
  readonly downloads: Pick<Downloads, 'read'>;
};

/** The workspace's thumbnails over Dexie and the thumbnail worker, which starts with the first one made. */
export function openThumbnails({ db, api, drive, downloads }: ThumbnailWiring): Thumbnails {
  let pool: ThumbnailPool | undefined;
  const thumbnails = createThumbnails({
    store: createThumbnailStore(db, () => Date.now()),
    drive,
    api,
    sha256: async (bytes) => ChunkHash.parse(toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)))),
    read: (content, signal) => downloads.read(withoutWholeHash(content), signal),
    make: (image, side, signal) => (pool ??= createThumbnailPool()).makeThumbnail(image, side, signal),
    now: () => Date.now(),
  });
  return {
    get: (content, name, signal) => thumbnails.get(content, name, signal),
    close() {
      thumbnails.close();
      pool?.terminate();
    },
  };
}
