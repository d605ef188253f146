// Downloads in progress or failed, by file, for the file list to show beside each row.
import type { FileEntry } from '@sheaf/shared/drive/drive-doc';
import type { FileId } from '@sheaf/shared/ids';
import { createStore, type Store } from '../lib/store.js';
import { assembleFile, type DownloadDeps } from './download.js';

export type DownloadState =
  | { readonly state: 'downloading'; readonly doneBytes: number; readonly totalBytes: number }
  | { readonly state: 'failed'; readonly message: string };

export type Downloads = {
  readonly byFile: Store<ReadonlyMap<FileId, DownloadState>>;
  /** Starts downloading `entry` unless it is already under way. */
  readonly start: (entry: FileEntry) => void;
  readonly close: () => void;
};

export function createDownloads(deps: DownloadDeps, save: (blob: Blob, name: string) => void): Downloads {
  const byFile = createStore<ReadonlyMap<FileId, DownloadState>>(new Map());
  const closing = new AbortController();
  const set = (id: FileId, state: DownloadState | undefined): void =>
    byFile.update((current) => {
      const next = new Map(current);
      if (state === undefined) next.delete(id);
      else next.set(id, state);
      return next;
    });

  const run = async (entry: FileEntry): Promise<void> => {
    const totalBytes = entry.size;
    set(entry.id, { state: 'downloading', doneBytes: 0, totalBytes });
    const result = await assembleFile(
      entry,
      deps,
      (doneBytes) => set(entry.id, { state: 'downloading', doneBytes, totalBytes }),
      closing.signal,
    );
    if (closing.signal.aborted) return;
    if (result.ok) {
      set(entry.id, undefined);
      save(result.value, entry.name);
    } else {
      set(entry.id, { state: 'failed', message: result.error });
    }
  };

  return {
    byFile,
    start(entry) {
      if (byFile.get().get(entry.id)?.state === 'downloading') return;
      void run(entry);
    },
    close: () => closing.abort(new DOMException('Signed out', 'AbortError')),
  };
}
