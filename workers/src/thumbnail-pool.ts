// The thumbnail maker the app uses: thumbnail.worker.ts behind createWorkerPool. One worker is
// enough: thumbnails come a few at a time as a grid scrolls, and uploads keep the other cores busy.
import type { ThumbnailApi, ThumbnailResult } from './thumbnail-api.js';
import { createWorkerPool } from './worker-pool.js';

export type ThumbnailPool = {
  /** A thumbnail of `image` fitting `side` × `side`, made in the worker. */
  makeThumbnail(image: Blob, side: number, signal?: AbortSignal): Promise<ThumbnailResult>;
  terminate(): void;
};

export function createThumbnailPool(): ThumbnailPool {
  const pool = createWorkerPool<ThumbnailApi>({
    spawn: () =>
      new Worker(new URL('./thumbnail.worker.ts', import.meta.url), { type: 'module', name: 'sheaf-thumbnail' }),
    size: 1,
    // A decode waits on the disk read of the picture: a second one overlaps it.
    tasksPerWorker: 2,
  });
  return {
    makeThumbnail: (image, side, signal) =>
      pool.run(
        async (api): Promise<ThumbnailResult> => api.makeThumbnail(image, side),
        signal === undefined ? {} : { signal },
      ),
    terminate: () => pool.terminate(),
  };
}
