// One signed-in drive in this tab: an automerge-repo Repo (IndexedDB storage, so the drive opens
// offline, a WebSocket to the relay's /sync, and a BroadcastChannel to the other tabs with the same
// drive open) carrying the drive's operations, and the DriveReplica that turns them into the tree
// the UI shows. Remote changes are read from their patches; local commands run on the replica first
// and are then written into the document. The drive's version retention rule sits beside the
// operations and is published with the tree.
//
// Tabs: each tab runs its own Repo over the one IndexedDB database (automerge-repo needs no
// locking for that: storage keys are content hashes, and a compaction removes only chunks whose
// changes its new snapshot holds) and its own socket, and the tabs are peers of each other over the channel, so
// a change made in one shows in the others at once, offline too, and a tab closing loses nothing
// the others or storage do not hold. One Repo in a SharedWorker would save the second socket, but
// Chrome on Android has no SharedWorker, and every change would cross into the worker and back.
import { ImmutableString, isImmutableString, isValidAutomergeUrl, Repo } from '@automerge/automerge-repo';
import type { AutomergeUrl, DocHandle, DocHandleChangePayload, PeerId, PeerMetadata } from '@automerge/automerge-repo';
import { BroadcastChannelNetworkAdapter } from '@automerge/automerge-repo-network-broadcastchannel';
import { IndexedDBStorageAdapter } from '@automerge/automerge-repo-storage-indexeddb';
import type { Author, CommandError } from '@sheaf/shared/drive/drive-commands';
import { writeOps, type DriveDocument, type StoredText } from '@sheaf/shared/drive/drive-document';
import type { DriveLog } from '@sheaf/shared/drive/drive-log';
import { DriveReplica, type Command } from '@sheaf/shared/drive/drive-replica';
import type { DriveTree } from '@sheaf/shared/drive/drive-tree';
import type { ActorId } from '@sheaf/shared/drive/op-id';
import type { DriveOp } from '@sheaf/shared/drive/ops';
import { encodeRetention, KEEP_ALL, readRetention, type Retention } from '@sheaf/shared/drive/retention';
import {
  documentThumbnail,
  encodeThumbnail,
  type StoredThumbnails,
  type Thumbnail,
} from '@sheaf/shared/drive/thumbnails';
import type { ChunkHash, DocUrl } from '@sheaf/shared/ids';
import { err, ok, type Result } from '@sheaf/shared/result';
import { createStore, type Store } from '../lib/store.js';
import { AUTOMERGE_DB } from './automerge-db.js';
import { watchConnection, type ConnectionState, type OnlineEvents } from './connection.js';
import { isNewerSchema, opsFromPatches, readDocOps, type TextOf } from './doc-ops.js';
import { SyncSocket } from './sync-socket.js';

export type { ConnectionState } from './connection.js';

export type DriveState =
  /** `waiting`: neither this device nor the relay (yet) has the drive; it appears once the relay sends it. */
  | { readonly status: 'loading'; readonly waiting?: boolean }
  | {
      readonly status: 'ready';
      readonly tree: DriveTree;
      /** The replica's operation log, for views derived from the operations (activity). */
      readonly log: DriveLog;
      /** Changes whenever the log does: the key for anything derived from it. */
      readonly version: number;
      /** Stored operations this app could not read (a newer or broken client wrote them). */
      readonly unreadable: number;
      readonly newerSchema: boolean;
      /** Which versions the drive keeps (retention.ts); the others are expired on every device. */
      readonly retention: Retention;
    }
  | { readonly status: 'failed'; readonly message: string };

export type RunError = CommandError | { readonly kind: 'loading' | 'not_saved'; readonly message: string };

export type DriveSync = {
  readonly state: Store<DriveState>;
  readonly connection: Store<ConnectionState>;
  /** Runs a command on the current tree and, when it made operations, saves and sends them. */
  run(command: Command): Result<DriveOp[], RunError>;
  /**
   * Sets the drive's version retention rule: one document change, shown here at once and sent
   * when online like any other change. The relay then removes the bytes of versions it drops.
   */
  setRetention(rule: Retention): Result<void, RunError>;
  /** The thumbnail a device recorded for the content with this hash (thumbnails.ts in shared). */
  thumbnail(content: ChunkHash): Thumbnail | undefined;
  /** Records a thumbnail whose bytes the relay holds, for the other devices to fetch. */
  setThumbnail(content: ChunkHash, thumbnail: Thumbnail): Result<void, RunError>;
  close(): Promise<void>;
};

export type DriveSyncOptions = {
  readonly driveUrl: DocUrl;
  /**
   * The session's access token, or a getter for the token of the moment: each (re)connection of
   * the socket asks it, so that a renewed token is the one sent.
   */
  readonly token: string | (() => string | undefined);
  /** The relay closed the socket because this device was signed out from another one. */
  readonly onSignedOut?: () => void;
  readonly actor: ActorId;
  readonly author: Omit<Author, 'log'>;
  /** The page's location: the relay serves the app and /sync on one origin. */
  readonly location: { readonly protocol: string; readonly host: string };
  /** The window: online and offline for the socket, pagehide to say goodbye to the other tabs. */
  readonly events: OnlineEvents & PageEvents;
};

/** The window members that tell the page is going away for good. */
export type PageEvents = {
  addEventListener(type: 'pagehide', listener: (event: { readonly persisted: boolean }) => void): void;
  removeEventListener(type: 'pagehide', listener: (event: { readonly persisted: boolean }) => void): void;
};

/** The document as written here: the operations, the retention rule once set, thumbnails once made. */
type SheafDocument = DriveDocument & { retention?: StoredText; thumbnails?: StoredThumbnails };

/** Remote changes arriving together (a catch-up after a reconnect) rebuild the tree once. */
const REMOTE_BATCH_MS = 30;

export function syncUrl(location: DriveSyncOptions['location'], token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/sync?token=${encodeURIComponent(token)}`;
}

const textOf: TextOf = (value) =>
  typeof value === 'string' ? value : isImmutableString(value) ? value.toString() : undefined;

/** The stored rule of a document as Automerge hands it over: unknown until readRetention checks it. */
const storedRetention = (doc: unknown): unknown =>
  typeof doc === 'object' && doc !== null && 'retention' in doc ? doc.retention : undefined;

/** The channel of the tabs that have this drive open; another account's drive has another. */
export const siblingChannel = (driveUrl: DocUrl): string => `sheaf-drive:${driveUrl}`;

/**
 * How long a tab opening the drive waits for other tabs to answer before it counts them absent.
 * It matters only when this device has no copy yet (a first sign-in): the drive is then asked of
 * the peers once every adapter is ready. Another tab answers within a few milliseconds.
 */
const SIBLING_WAIT_MS = 250;

/**
 * The other tabs, as automerge-repo peers. The tabs share one storage, and so one storage id: each
 * tab calls itself ephemeral to the others, or the Repo would save its sync state with a tab under
 * its own storage id and load it again as if it were another peer's.
 */
class SiblingTabs extends BroadcastChannelNetworkAdapter {
  override connect(peerId: PeerId, _peerMetadata?: PeerMetadata): void {
    super.connect(peerId, { isEphemeral: true });
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The IndexedDB adapter never closes its connection, and an open connection blocks deleting the
 * database (signing out with "remove this device's copy"). Its private `dbPromise` is read at run
 * time: if a later version renames it, deleting waits for the tab to close, as before.
 */
async function closeStorage(storage: IndexedDBStorageAdapter): Promise<void> {
  const opening: unknown = Reflect.get(storage, 'dbPromise');
  if (!(opening instanceof Promise)) return;
  const db: unknown = await opening.catch(() => undefined);
  if (db instanceof IDBDatabase) db.close();
}

export function openDriveSync(options: DriveSyncOptions): DriveSync {
  const { token } = options;
  const tokenNow = typeof token === 'string' ? () => token : token;
  const network = new SyncSocket(
    () => syncUrl(options.location, tokenNow() ?? ''),
    () => options.onSignedOut?.(),
  );
  const siblings = new SiblingTabs({ channelName: siblingChannel(options.driveUrl), peerWaitMs: SIBLING_WAIT_MS });
  // Told when this tab goes, so the other tabs stop syncing with it rather than keep it as a peer.
  const onPageHide = (event: { readonly persisted: boolean }): void => {
    if (!event.persisted && siblings.peerId !== undefined) siblings.disconnect();
  };
  options.events.addEventListener('pagehide', onPageHide);
  const storage = new IndexedDBStorageAdapter(AUTOMERGE_DB);
  // The tabs first: shutdown disconnects the adapters in order and the socket's may throw (close()).
  const repo = new Repo({ storage, network: [siblings, network] });
  const watch = watchConnection(network, options.events);
  const state = createStore<DriveState>({ status: 'loading' });
  const replica = new DriveReplica(options.actor, options.author);
  const closing = new AbortController();
  let handle: DocHandle<SheafDocument> | undefined;
  let unreadable = 0;
  let newerSchema = false;
  let retention = KEEP_ALL;
  let batch: ReturnType<typeof setTimeout> | undefined;

  const publish = (): void => {
    clearTimeout(batch);
    batch = undefined;
    const current = state.get();
    const version = replica.log.version;
    if (
      current.status === 'ready' &&
      current.version === version &&
      current.unreadable === unreadable &&
      current.newerSchema === newerSchema &&
      current.retention === retention
    )
      return;
    state.set({ status: 'ready', tree: replica.tree(), log: replica.log, version, unreadable, newerSchema, retention });
  };

  const readAll = (doc: unknown): boolean => {
    const read = readDocOps(doc, textOf);
    if (read.notADrive) return false;
    replica.receive(read.ops);
    unreadable = read.skipped.length;
    newerSchema = read.newerSchema;
    retention = readRetention(storedRetention(doc));
    return true;
  };

  const onChange = ({ doc, patches }: DocHandleChangePayload<SheafDocument>): void => {
    const added = opsFromPatches(patches, textOf);
    if (added.reread) readAll(doc);
    else {
      replica.receive(added.ops);
      unreadable += added.skipped.length;
      // opsFromPatches reads only the operations; the rule is one value, read again whole.
      if (patches.some((patch) => patch.path[0] === 'retention')) retention = readRetention(storedRetention(doc));
      if (patches.some((patch) => patch.path[0] === 'schemaVersion')) newerSchema = isNewerSchema(doc);
    }
    batch ??= setTimeout(publish, REMOTE_BATCH_MS);
  };

  const fail = (why: string): void =>
    state.set({ status: 'failed', message: `Your drive could not be loaded (${why}).` });

  const load = async (url: AutomergeUrl): Promise<void> => {
    try {
      // No signal passed: automerge-repo 2.5.6 leaves an internal promise rejected unhandled on
      // abort. A find still running at close simply has its result dropped below.
      // 'unavailable' is accepted: on a first sign-in the relay may not have answered before
      // automerge-repo's request timeout, and the drive still arrives once it does.
      const found = await repo.find<SheafDocument>(url, { allowableStates: ['ready', 'unavailable'] });
      if (closing.signal.aborted) return;
      if (!found.isReady()) {
        state.set({ status: 'loading', waiting: true });
        await found.whenReady(['ready']);
        if (closing.signal.aborted) return;
      }
      // Parsed, not trusted: the type parameter above only names what the document should be.
      if (!readAll(found.doc())) {
        fail('it is not a Sheaf drive, or one from an older version');
        return;
      }
      handle = found;
      found.on('change', onChange);
      publish();
    } catch (error) {
      // find rejects when neither local storage nor the relay has the document (or on close).
      if (!closing.signal.aborted) fail(messageOf(error));
    }
  };

  // The shared DocUrl schema checks the shape; automerge's own guard also checks the checksum.
  const url: string = options.driveUrl;
  if (isValidAutomergeUrl(url)) void load(url);
  else fail('its address is not valid');

  const opened = (): Result<DocHandle<SheafDocument>, RunError> =>
    handle === undefined || state.get().status !== 'ready'
      ? err({ kind: 'loading', message: 'Your drive is still loading. Try again in a moment.' })
      : ok(handle);

  // Saved now rather than after automerge-repo's debounce: this tab's actor slot can pass to
  // another tab once this one closes, and that tab must find every operation made under it.
  const flush = (open: DocHandle<SheafDocument>): void => {
    repo.flush([open.documentId]).catch((error: unknown) => console.warn('Sheaf: could not save the drive', error));
  };

  return {
    state,
    connection: watch.state,
    run(command) {
      const found = opened();
      if (!found.ok) return found;
      const open = found.value;
      const made = replica.run(command);
      if (!made.ok || made.value.length === 0) return made;
      try {
        // Several operations (a command that makes more than one) are stored as one bundle.
        open.change((doc) => {
          writeOps(doc, made.value, (text) => new ImmutableString(text));
        });
      } catch (error) {
        // Only a malformed document (a shard missing) gets here; the change is then in memory only.
        publish();
        return err({ kind: 'not_saved', message: `This change could not be saved (${messageOf(error)}).` });
      }
      flush(open);
      publish();
      return made;
    },
    setRetention(rule) {
      const found = opened();
      if (!found.ok) return found;
      const open = found.value;
      try {
        const text = encodeRetention(rule);
        open.change((doc) => {
          doc.retention = new ImmutableString(text);
        });
      } catch (error) {
        return err({ kind: 'not_saved', message: `The setting could not be saved (${messageOf(error)}).` });
      }
      flush(open);
      // Read back from the document (its change event did so too) and shown now, not after a batch delay.
      retention = readRetention(storedRetention(open.doc()));
      publish();
      return ok(undefined);
    },
    thumbnail(content) {
      // Parsed on each read: the document comes from other devices, and an entry is one small string.
      return handle === undefined ? undefined : documentThumbnail(handle.doc(), content);
    },
    setThumbnail(content, thumbnail) {
      const found = opened();
      if (!found.ok) return found;
      const open = found.value;
      try {
        const text = encodeThumbnail(thumbnail);
        open.change((doc) => {
          doc.thumbnails ??= {};
          doc.thumbnails[content] = new ImmutableString(text);
        });
      } catch (error) {
        return err({ kind: 'not_saved', message: `The thumbnail could not be saved (${messageOf(error)}).` });
      }
      flush(open);
      return ok(undefined);
    },
    async close() {
      closing.abort();
      clearTimeout(batch);
      watch.stop();
      handle?.off('change', onChange);
      options.events.removeEventListener('pagehide', onPageHide);
      network.close();
      try {
        await repo.shutdown();
      } catch (error) {
        // The WebSocket adapter asserts it has connected before it disconnects, so a repo closed
        // straight after opening (sign-out at once, React's StrictMode) fails here: nothing to close.
        console.debug('Sheaf: repo closed before it connected', error);
      }
      await closeStorage(storage);
    },
  };
}
