// The drive document in this browser: an automerge-repo Repo with IndexedDB storage (so the
// drive opens offline) and a WebSocket to the relay's /sync. Exposes the parsed file list and
// the connection state as stores, and one write: adding a file entry.
import { isValidAutomergeUrl, Repo, type AutomergeUrl, type DocHandle } from '@automerge/automerge-repo';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { IndexedDBStorageAdapter } from '@automerge/automerge-repo-storage-indexeddb';
import type { DriveDoc, FileEntry } from '@sheaf/shared/drive/drive-doc';
import type { DocUrl } from '@sheaf/shared/ids';
import { err, ok, type Result } from '@sheaf/shared/result';
import { createStore, type Store } from '../lib/store.js';
import { readDrive, type DriveFiles } from './read-drive.js';

export type DriveView =
  | { readonly status: 'loading' }
  | ({ readonly status: 'ready' } & DriveFiles)
  | { readonly status: 'failed'; readonly message: string };

/** 'connecting' until the relay first answers; then whether it is reachable now. */
export type ConnectionState = 'connecting' | 'online' | 'offline';

export type DriveSync = {
  readonly view: Store<DriveView>;
  readonly connection: Store<ConnectionState>;
  /** Adds `entry` to the drive; it reaches other devices when the socket is up. */
  addFile(entry: FileEntry): Result<void, string>;
  close(): Promise<void>;
};

export type DriveSyncOptions = {
  readonly driveUrl: DocUrl;
  readonly token: string;
  /** The page's location: the relay serves the app and /sync on one origin. */
  readonly location: { readonly protocol: string; readonly host: string };
};

/** Automerge's own database, apart from the app's Dexie one so either can be reset alone. */
const AUTOMERGE_DB = 'sheaf-automerge';
const FIRST_CONTACT_MS = 5_000;

export function syncUrl(location: DriveSyncOptions['location'], token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/sync?token=${encodeURIComponent(token)}`;
}

export function openDriveSync(options: DriveSyncOptions): DriveSync {
  const network = new WebSocketClientAdapter(syncUrl(options.location, options.token));
  const repo = new Repo({ storage: new IndexedDBStorageAdapter(AUTOMERGE_DB), network: [network] });
  const view = createStore<DriveView>({ status: 'loading' });
  const connection = createStore<ConnectionState>('connecting');
  const closing = new AbortController();
  let handle: DocHandle<DriveDoc> | undefined;

  network.on('peer-candidate', () => connection.set('online'));
  network.on('peer-disconnected', () => connection.set('offline'));
  // The adapter says nothing when its first connection fails (offline start, relay down), so
  // a relay that has not answered in a few seconds counts as offline until it does.
  const firstContact = setTimeout(() => {
    if (connection.get() === 'connecting') connection.set('offline');
  }, FIRST_CONTACT_MS);

  const show = (doc: unknown): void => view.set({ status: 'ready', ...readDrive(doc) });
  const onChange = ({ doc }: { doc: unknown }): void => show(doc);

  const fail = (why: string): void =>
    view.set({ status: 'failed', message: `Your drive could not be loaded (${why}).` });

  const load = async (url: AutomergeUrl): Promise<void> => {
    try {
      // No signal passed: automerge-repo 2.5.6 leaves an internal promise rejected unhandled on
      // abort. A find still running at close simply has its result dropped below.
      const found = await repo.find<DriveDoc>(url);
      if (closing.signal.aborted) return;
      handle = found;
      found.on('change', onChange);
      show(found.doc());
    } catch (error) {
      // find rejects when neither local storage nor the relay has the document (or on close).
      if (!closing.signal.aborted) fail(error instanceof Error ? error.message : String(error));
    }
  };

  // The shared DocUrl schema checks the shape; automerge's own guard also checks the checksum.
  const url: string = options.driveUrl;
  if (isValidAutomergeUrl(url)) void load(url);
  else fail('its address is not valid');

  return {
    view,
    connection,
    addFile(entry) {
      if (handle === undefined) return err('Your drive is still loading.');
      handle.change((drive) => {
        drive.files[entry.id] = entry;
      });
      return ok(undefined);
    },
    async close() {
      closing.abort();
      clearTimeout(firstContact);
      handle?.off('change', onChange);
      try {
        await repo.shutdown();
      } catch (error) {
        // The WebSocket adapter asserts it has connected before it disconnects, so a repo closed
        // straight after opening (sign-out at once, React's StrictMode) fails here: nothing to close.
        console.debug('Sheaf: repo closed before it connected', error);
      }
    },
  };
}
