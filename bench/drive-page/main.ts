// The drive.open bench page: opens the stored drive through the app's own path (openDriveSync over
// automerge-repo's IndexedDB storage, then the root folder's rows through FileList), and reads the
// same stored bytes with plain IndexedDB for the baseline. Each timed call runs in a fresh page load.
import { Repo } from '@automerge/automerge-repo';
import { IndexedDBStorageAdapter } from '@automerge/automerge-repo-storage-indexeddb';
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { DriveTree } from '@sheaf/shared/drive/drive-tree';
import { ROOT, type NodeId } from '@sheaf/shared/drive/node-id';
import { ActorId } from '@sheaf/shared/drive/op-id';
import { DocUrl } from '@sheaf/shared/ids';
import { openDriveSync, type DriveState } from '../../web/src/sync/drive-sync.js';
import type { Store } from '../../web/src/lib/store.js';
import { FileList, sortItems } from '../../web/src/ui/FileList.js';
import { noRowActions } from '../lib/no-row-actions.js';
import { noSelection } from '../../web/src/app/selection.js';
import { BY_NAME } from '../../web/src/ui/browser/sort.js';
import { AUTOMERGE_DB, AUTOMERGE_STORE, type OpenedDrive, type ReadBytes, type SeededDrive } from './drive-open-api.js';

const randomBytes = (length: number): Uint8Array => crypto.getRandomValues(new Uint8Array(length));
const nothing = (): undefined => undefined;

/**
 * The tree once the drive is ready. The relay this page points at does not exist, so a drive that
 * is not in IndexedDB would wait for ever: that is reported as a failure at once instead.
 */
function whenReady(state: Store<DriveState>): Promise<DriveTree> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = state.get();
      if (current.status === 'ready') resolve(current.tree);
      else if (current.status === 'failed') reject(new Error(current.message));
      else if (current.waiting === true) reject(new Error('the drive is not in IndexedDB'));
      else return false;
      return true;
    };
    if (check()) return;
    const stop = state.subscribe(() => {
      if (check()) stop();
    });
  });
}

async function openDrive(url: string): Promise<OpenedDrive> {
  const container = document.getElementById('root');
  if (container === null) throw new Error('the page has no #root element');
  const started = performance.now();
  // As web/src/app/services.ts opens it, on the page's own origin: the static server answers the
  // /sync upgrade with a 404, so the socket fails at once, as a relay that is down would.
  const drive = openDriveSync({
    driveUrl: DocUrl.parse(url),
    token: 'bench',
    actor: ActorId.parse('bench-open'),
    author: { userId: 'u_bench', device: 'Bench', now: () => Date.now(), random: randomBytes },
    location: window.location,
    events: window,
  });
  const tree = await whenReady(drive.state);
  const ready = performance.now();
  // What FolderView does for a folder, without the toolbar, uploads and dialogs around it.
  const items = sortItems(tree.children(ROOT));
  flushSync(() =>
    createRoot(container).render(
      createElement(FileList, {
        tree,
        items,
        label: 'Items in My Drive',
        view: 'list',
        sort: BY_NAME,
        onSort: nothing,
        selection: noSelection<NodeId>(),
        onSelectionChange: nothing,
        editing: undefined,
        downloads: new Map(),
        now: Date.now(),
        actions: noRowActions,
        keys: { trash: nothing, contextMenu: nothing },
        newFolder: { create: nothing, cancel: nothing, error: nothing },
      }),
    ),
  );
  // A large folder renders only the rows on screen (FileList's windowing), at least one.
  const rows = container.querySelectorAll('[data-testid="file-row"]').length;
  const done = performance.now();
  await drive.close();
  if (rows === 0 || rows > items.length) throw new Error(`rendered ${rows} rows for ${items.length} items`);
  return { readyMs: ready - started, renderMs: done - ready, totalMs: done - started, rows };
}

const requested = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });

/** The length of a record as IndexedDBStorageAdapter writes it: `{ key, binary }`. */
function binaryLength(record: unknown): number {
  if (typeof record !== 'object' || record === null || !('binary' in record)) throw new Error('not a stored chunk');
  const binary = record.binary;
  if (!(binary instanceof Uint8Array)) throw new Error('a stored chunk without bytes');
  return binary.byteLength;
}

/** The floor for any open from IndexedDB: every stored byte of the drive in memory, nothing done with it. */
async function readDriveBytes(): Promise<ReadBytes> {
  const started = performance.now();
  const db = await requested(indexedDB.open(AUTOMERGE_DB));
  try {
    const records = await requested(db.transaction(AUTOMERGE_STORE).objectStore(AUTOMERGE_STORE).getAll());
    let bytes = 0;
    for (const record of records) bytes += binaryLength(record);
    return { ms: performance.now() - started, bytes, records: records.length };
  } finally {
    db.close();
  }
}

/** Stores the document as a first sync would leave it: imported by automerge-repo, flushed to IndexedDB. */
async function seedDrive(path: string): Promise<SeededDrive> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  const saved = new Uint8Array(await response.arrayBuffer());
  const repo = new Repo({ storage: new IndexedDBStorageAdapter(AUTOMERGE_DB, AUTOMERGE_STORE) });
  // Without a docId, import makes a ready handle that flush can save; with one (2.5.6) it does not.
  const handle = repo.import<unknown>(saved);
  await repo.flush([handle.documentId]);
  await repo.shutdown();
  const stored = await readDriveBytes();
  return { url: handle.url, storedBytes: stored.bytes, records: stored.records };
}

window.seedDrive = seedDrive;
window.openDrive = openDrive;
window.readDriveBytes = readDriveBytes;
