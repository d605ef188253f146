// The composition root: builds every module once and hands the UI what it needs. Components get
// these through props and never reach IndexedDB, sockets or workers themselves.
import { createChunkPool, type ChunkPool } from '@sheaf/workers/chunk-pool';
import type { HashPool } from '@sheaf/workers/hash-pool';
import { createHashPool } from '@sheaf/workers/hash-pool';
import { defaultPoolSize } from '@sheaf/workers/task-pool';
import { createApiClient } from '../api/client.js';
import { claimActor } from '../local/actor.js';
import { createChunkStore } from '../local/chunk-store.js';
import { SheafDb } from '../local/db.js';
import { userAgentBrands } from '../local/device-name.js';
import { createOutbox } from '../local/outbox.js';
import type { Session } from '../local/session.js';
import { createSessionStore } from '../local/session.js';
import { createStore } from '../lib/store.js';
import type { DriveSync } from '../sync/drive-sync.js';
import { createChunkSender, type ChunkSender } from '../transfer/chunk-sender.js';
import { createDownloads, type Downloads } from '../transfer/download-queue.js';
import { saveBlob } from '../transfer/download.js';
import { createUploadQueue, type UploadQueue } from '../transfer/upload-queue.js';
import { createDriveActions, type DriveActions } from './drive-actions.js';
import { createNavigation, type Navigation } from './navigation.js';
import { createSessionController, type SessionController, type SessionState } from './session-controller.js';
import { createStorageMeter, type StorageMeter } from './storage-meter.js';
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
  const chunks = createChunkStore(db);
  const outbox = createOutbox(db, () => Date.now());
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

  const auth = createSessionController({
    state,
    sessions,
    api,
    exclusive: lockedRenewals('locks' in navigator ? navigator.locks : undefined),
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
      const sender = createChunkSender({ outbox, chunks, api });
      // Back online: what was saved meanwhile goes to the relay.
      const stopFlushing = drive.connection.subscribe(() => {
        if (drive.connection.get() === 'online') sender.flush();
      });
      const uploads = createUploadQueue({
        chunker,
        chunks,
        api,
        outbox,
        parallelFiles: chunkWorkers,
        place: (folder, name, content) => actions.placeUpload(folder, name, content),
        onOwed: () => sender.flush(),
      });
      const downloads = createDownloads({ chunks, api, hashPool: lazyPool }, (blob, name) =>
        saveBlob(blob, name, document),
      );
      const storage = createStorageMeter({
        fetchUsage: () => api.storageUsage(),
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
      return {
        drive,
        actions,
        uploads,
        downloads,
        sender,
        storage,
        async close() {
          storage.close();
          stopFlushing();
          uploads.close();
          downloads.close();
          sender.close();
          await drive.close();
          claim.release();
        },
      };
    },
  };
}
