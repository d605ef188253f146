// Downloads in progress or failed, by a key the caller chooses (a file, or one version of it), for
// the lists to show beside each row; and plain reads of a version's bytes (to compare versions).
import type { Content } from '@sheaf/shared/drive/ops';
import type { Result } from '@sheaf/shared/result';
import { createStore, type Store } from '../lib/store.js';
import { assembleContent, type DownloadDeps } from './download.js';

export type DownloadState =
  | { readonly state: 'downloading'; readonly doneBytes: number; readonly totalBytes: number }
  | { readonly state: 'failed'; readonly message: string };

export type Downloads = {
  readonly byKey: Store<ReadonlyMap<string, DownloadState>>;
  /** Downloads `content` and saves it as `name`, unless `key` is already under way. */
  readonly start: (key: string, content: Content, name: string) => void;
  /** The bytes of `content`, for showing rather than saving. */
  readonly read: (content: Content, signal: AbortSignal) => Promise<Result<Blob, string>>;
  readonly close: () => void;
};

export function createDownloads(deps: DownloadDeps, save: (blob: Blob, name: string) => void): Downloads {
  const byKey = createStore<ReadonlyMap<string, DownloadState>>(new Map());
  const closing = new AbortController();
  const set = (key: string, state: DownloadState | undefined): void =>
    byKey.update((current) => {
      const next = new Map(current);
      if (state === undefined) next.delete(key);
      else next.set(key, state);
      return next;
    });

  const run = async (key: string, content: Content, name: string): Promise<void> => {
    const totalBytes = content.size;
    set(key, { state: 'downloading', doneBytes: 0, totalBytes });
    const result = await assembleContent(
      content,
      deps,
      (doneBytes) => set(key, { state: 'downloading', doneBytes, totalBytes }),
      closing.signal,
    );
    if (closing.signal.aborted) return;
    if (result.ok) {
      set(key, undefined);
      save(result.value, name);
    } else {
      set(key, { state: 'failed', message: result.error });
    }
  };

  return {
    byKey,
    start(key, content, name) {
      if (byKey.get().get(key)?.state === 'downloading') return;
      void run(key, content, name);
    },
    read: (content, signal) =>
      assembleContent(content, deps, () => undefined, AbortSignal.any([signal, closing.signal])),
    close: () => closing.abort(new DOMException('Signed out', 'AbortError')),
  };
}
