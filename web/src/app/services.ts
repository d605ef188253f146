// The composition root: builds every module once and hands the UI what it needs. Components get
// these through props and never reach IndexedDB, sockets or workers themselves.
import { createChunkPool, type ChunkPool } from '@sheaf/workers/chunk-pool';
import type { HashPool } from '@sheaf/workers/hash-pool';
import { createHashPool } from '@sheaf/workers/hash-pool';
import { defaultPoolSize } from '@sheaf/workers/task-pool';
import { ROOT } from '@sheaf/shared/drive/node-id';
import { toHex } from '@sheaf/shared/hex';
import { createApiClient } from '../api/client.js';
import { claimActor } from '../local/actor.js';
import {
  cacheBudget,
  configuredCacheBytes,
  createCacheKeeper,
  requestPersistence,
  type CacheKeeper,
} from '../local/chunk-cache.js';
import { createChunkStore } from '../local/chunk-store.js';
import { SheafDb } from '../local/db.js';
import { userAgentBrands } from '../local/device-name.js';
import { ClaimMessage, createOutbox } from '../local/outbox.js';
import type { Session } from '../local/session.js';
import { createSessionStore } from '../local/session.js';
import { createStore, type Store } from '../lib/store.js';
import { AUTOMERGE_DB } from '../sync/automerge-db.js';
import type { DriveSync } from '../sync/drive-sync.js';
import { createChunkSender, type ChunkSender } from '../transfer/chunk-sender.js';
import { createDownloads, type Downloads } from '../transfer/download-queue.js';
import { chunkBytes, saveBlob } from '../transfer/download.js';
import { uploadSmallFiles } from '../transfer/small-files.js';
import { createUploadQueue, type UploadQueue } from '../transfer/upload-queue.js';
import { createDriveActions, type DriveActions } from './drive-actions.js';
import { createNavigation, type Navigation } from './navigation.js';
import { createOutboxLeader, LeaderMessage, OUTBOX_CHANNEL, reportingCounts } from './outbox-leader.js';
import {
  createSessionController,
  SESSION_CHANNEL,
  SessionMessage,
  type SessionController,
  type SessionState,
} from './session-controller.js';
import { createTabPresence, openTabChannel } from './tab-channel.js';
import { wipeLocalData } from './local-wipe.js';
import { createStorageMeter, type StorageMeter } from './storage-meter.js';
import { filePicker, startLaunchIntake, type LaunchQueue } from './launch-files.js';
import { createOfflinePins, type OfflinePins } from './offline-pins.js';
import { createSyncStatus, type SyncStatus } from './sync-status.js';
import { openThumbnails, type Thumbnails } from './thumbnails.js';
import { createToasts, type Toasts } from './toasts.js';
import { lockedRenewals } from './token-keeper.js';

/** Everything open for one signed-in session; closed on sign-out. */
export type Workspace = {
  readonly drive: DriveSync;
  readonly actions: DriveActions;
  readonly uploads: UploadQueue;
  readonly downloads: Downloads;
  readonly sender: ChunkSender;
  readonly storage: StorageMeter;
  /** Pictures' thumbnails: stored here, fetched from the relay or made in a worker. */
  readonly thumbnails: Thumbnails;
  /** "Available offline": pinned files and folders kept on this device and fetched ahead. */
  readonly offline: OfflinePins;
  /** Online, offline, syncing N items, or a problem: what the top bar shows. */
  readonly syncStatus: Store<SyncStatus>;
  /** Whether the browser agreed to keep this origin's data (`navigator.storage.persist()`); unknown until it answers. */
  readonly persisted: Store<boolean | undefined>;
  close(): Promise<void>;
};

export type Services = {
  readonly session: SessionController;
  readonly navigation: Navigation;
  readonly toasts: Toasts;
  /** Rejects only if the sync code cannot be loaded (an offline first visit). */
  openWorkspace(session: Session): Promise<Workspace>;
};

const randomBytes = (length: number): Uint8Array => crypto.getRandomValues(new Uint8Array(length));

export function createServices(): Services {
  const db = new SheafDb();
  const state = createStore<SessionState>({ status: 'loading' });
  // The controller (`auth`, below) needs the client, and the client asks it for the token, to renew
  // a refused one, and tells it when the relay refuses the session for good: only once requests run.
  const api = createApiClient({
    token: () => auth.token(),
    renew: (rejected) => auth.renew(rejected),
    onUnauthorized: () => void auth.expire(),
  });
  const setTimer = (run: () => void, ms: number): (() => void) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  };
  // Trimmed after writes while a workspace is open (the keeper and sender live with it, below).
  let cache: CacheKeeper | undefined;
  let afterChunkWrite: (() => void) | undefined;
  const chunks = createChunkStore(db, {
    now: () => Date.now(),
    afterWrite: () => {
      cache?.poke();
      afterChunkWrite?.();
    },
  });
  // This page among Sheaf's other tabs: one sender for all (outbox-leader.ts), claims told across.
  const locks = 'locks' in navigator ? navigator.locks : undefined;
  const presence = locks === undefined ? undefined : createTabPresence(locks, toHex(randomBytes(8)));
  const outbox = createOutbox(
    db,
    () => Date.now(),
    presence === undefined
      ? undefined
      : { tab: presence.id, ...openTabChannel('sheaf-outbox-claims', ClaimMessage), whenGone: presence.whenGone },
  );
  // Read once at start: a fixed budget for tests (see CACHE_BYTES_SETTING), else a share of the quota.
  const cacheBytes = configuredCacheBytes(globalThis.localStorage);
  const sessions = createSessionStore(db, {
    userAgent: navigator.userAgent,
    brands: userAgentBrands(navigator),
    randomBytes,
  });
  // Workers start on the first upload or download, not with the page.
  let hashPool: HashPool | undefined;
  const pool = (): HashPool => (hashPool ??= createHashPool());
  const lazyPool: HashPool = {
    hashRange: (blob, range, signal) => pool().hashRange(blob, range, signal),
    hashBuffer: (buffer, signal) => pool().hashBuffer(buffer, signal),
    terminate: () => hashPool?.terminate(),
  };
  // Uploads read files in the chunk pool: one file per worker, a worker fewer than the cores.
  const chunkWorkers = defaultPoolSize(navigator.hardwareConcurrency);
  let chunkPool: ChunkPool | undefined;
  const chunker: Pick<ChunkPool, 'chunkFile'> = {
    chunkFile: (file, request) => (chunkPool ??= createChunkPool(chunkWorkers)).chunkFile(file, request),
  };
  const toasts = createToasts();
  const navigation = createNavigation(window);

  /** Workspaces not yet closed: deleting the local data waits until they are. */
  const open = new Set<Workspace>();

  const auth = createSessionController({
    state,
    sessions,
    api,
    async wipeLocal() {
      await Promise.all([...open].map((workspace) => workspace.close()));
      return wipeLocalData({ db, others: [AUTOMERGE_DB], indexedDB, setTimer });
    },
    exclusive: lockedRenewals(locks),
    tabs: openTabChannel(SESSION_CHANNEL, SessionMessage),
    now: () => Date.now(),
    setTimer: (run, ms) => {
      const timer = setTimeout(run, ms);
      return () => clearTimeout(timer);
    },
  });

  return {
    session: auth,
    navigation,
    toasts,
    async openWorkspace(session) {
      // Automerge and its 3.6 MB wasm load only once signed in, so the sign-in screen comes up fast.
      const [{ openDriveSync }, claim] = await Promise.all([
        import('../sync/drive-sync.js'),
        claimActor(db, 'locks' in navigator ? navigator.locks : undefined, randomBytes),
      ]);
      const drive = openDriveSync({
        driveUrl: session.driveUrl,
        token: () => auth.token(),
        onSignedOut: () => void auth.signedOutElsewhere(),
        actor: claim.actor,
        author: { userId: session.userId, device: session.deviceName, now: () => Date.now(), random: randomBytes },
        location: window.location,
        events: window,
      });
      const actions = createDriveActions(drive, toasts);
      const persisted = createStore<boolean | undefined>(undefined);
      void requestPersistence('storage' in navigator ? navigator.storage : undefined).then((granted) =>
        persisted.set(granted),
      );
      cache = createCacheKeeper({
        evict: (budget) => chunks.evict(budget),
        budget: () => cacheBudget(cacheBytes, 'storage' in navigator ? () => navigator.storage.estimate() : undefined),
        setTimer,
      });
      // Back online, or the sync connection back: what is owed goes to the relay at once. Sent by
      // one tab of the browser, whichever leads; another tab's closing upload leaves it more to send.
      const sender = createOutboxLeader({
        locks,
        channel: openTabChannel(OUTBOX_CHANNEL, LeaderMessage),
        countOwed: () => outbox.count(),
        startSender: (counted) =>
          createChunkSender({
            outbox: reportingCounts(outbox, counted),
            chunks,
            api,
            setTimer,
            random: Math.random,
            onReconnect: (listener) => {
              window.addEventListener('online', listener);
              const stop = drive.connection.subscribe(() => {
                if (drive.connection.get() === 'online') listener();
              });
              const unfreed = outbox.onFreed(listener);
              return () => {
                window.removeEventListener('online', listener);
                stop();
                unfreed();
              };
            },
          }),
      });
      afterChunkWrite = () => sender.recount();
      const uploads = createUploadQueue({
        chunker,
        chunks,
        api,
        outbox,
        parallelFiles: chunkWorkers,
        place: (folder, name, content) => actions.placeUpload(folder, name, content),
        smallFiles: {
          upload: (files, onSafe, signal) => uploadSmallFiles(files, { chunks, api, outbox }, onSafe, signal),
          place: (placed) => actions.placeUploads(placed),
        },
        onOwed: () => sender.flush(),
        now: () => performance.now(),
        setTimer,
      });
      const downloads = createDownloads({ chunks, api, hashPool: lazyPool, chunker }, (blob, name) =>
        saveBlob(blob, name, document),
      );
      const storage = createStorageMeter({
        fetchUsage: () => api.storageUsage(),
        ...('storage' in navigator ? { estimate: () => navigator.storage.estimate() } : {}),
        onDriveChange: (listener) => drive.state.subscribe(listener),
        onOnline: (listener) =>
          drive.connection.subscribe(() => {
            if (drive.connection.get() === 'online') listener();
          }),
        setTimer: (run, ms) => {
          const timer = setTimeout(run, ms);
          return () => clearTimeout(timer);
        },
      });
      const offline = createOfflinePins({
        chunks,
        fetchChunk: (chunk, signal) => chunkBytes(chunk, { chunks, api, hashPool: lazyPool, chunker }, signal),
        tree: () => {
          const now = drive.state.get();
          return now.status === 'ready' ? now.tree : undefined;
        },
        onTreeChange: (listener) => drive.state.subscribe(listener),
        online: () => drive.connection.get() === 'online',
        onOnline: (listener) =>
          drive.connection.subscribe(() => {
            if (drive.connection.get() === 'online') listener();
          }),
        memory: globalThis.localStorage,
        key: `sheaf.offline.${session.userId}`,
        setTimer,
      });
      const sync = createSyncStatus({
        connection: drive.connection,
        owedChunks: sender.owed,
        uploads: uploads.jobs,
        drive: drive.state,
      });
      startLaunchIntake({
        location: window.location,
        replaceUrl: (url) => window.history.replaceState(window.history.state, '', url),
        caches: 'caches' in globalThis ? globalThis.caches : undefined,
        launchQueue: Reflect.get(window, 'launchQueue') as LaunchQueue | undefined,
        ready: () =>
          new Promise((resolve) => {
            const check = (): boolean => drive.state.get().status === 'ready' && (stop(), resolve(), true);
            const stop = drive.state.subscribe(() => void check());
            check();
          }),
        uploadInto: () => {
          const route = navigation.route.get();
          const now = drive.state.get();
          const folder = route.view === 'folder' ? route.folder : ROOT;
          const name = now.status === 'ready' && folder !== ROOT ? now.tree.nodes.get(folder)?.name : undefined;
          return { folder: name === undefined ? ROOT : folder, name: name ?? 'My Drive' };
        },
        upload: (files, folder) => uploads.add(files, folder),
        pickFiles: filePicker(document),
        toasts,
      });
      const thumbnails = openThumbnails({ db, api, drive, downloads });
      const closeWorkspace = async (): Promise<void> => {
        thumbnails.close();
        offline.close();
        sync.close();
        storage.close();
        cache?.close();
        cache = undefined;
        uploads.close();
        downloads.close();
        sender.close();
        await drive.close();
        claim.release();
        open.delete(workspace);
      };
      // Closed once, whether by the screen that showed it or by a sign-out that deletes its data.
      let closing: Promise<void> | undefined;
      const workspace: Workspace = {
        drive,
        actions,
        uploads,
        downloads,
        sender,
        storage,
        thumbnails,
        offline,
        syncStatus: sync.status,
        persisted,
        close: () => (closing ??= closeWorkspace()),
      };
      open.add(workspace);
      return workspace;
    },
  };
}
