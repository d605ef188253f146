// The composition root: builds every module once and hands the UI what it needs. Components get
// these through props and never reach IndexedDB, sockets or workers themselves.
import type { HashPool } from '@sheaf/workers/hash-pool';
import { createHashPool } from '@sheaf/workers/hash-pool';
import { createApiClient } from '../api/client.js';
import { createChunkStore } from '../local/chunk-store.js';
import { SheafDb } from '../local/db.js';
import { userAgentBrands } from '../local/device-name.js';
import type { Session } from '../local/session.js';
import { createSessionStore } from '../local/session.js';
import { createStore } from '../lib/store.js';
import type { DriveSync } from '../sync/repo.js';
import { createDownloads, type Downloads } from '../transfer/download-queue.js';
import { saveBlob } from '../transfer/download.js';
import { createUploadQueue, type UploadQueue } from '../transfer/upload-queue.js';
import { createSessionController, tokenOf, type SessionController, type SessionState } from './session-controller.js';

/** Everything open for one signed-in session; closed on sign-out. */
export type Workspace = {
  readonly drive: DriveSync;
  readonly uploads: UploadQueue;
  readonly downloads: Downloads;
  close(): Promise<void>;
};

export type Services = {
  readonly session: SessionController;
  /** Rejects only if the sync code cannot be loaded (an offline first visit). */
  openWorkspace(session: Session): Promise<Workspace>;
};

const randomBytes = (length: number): Uint8Array => crypto.getRandomValues(new Uint8Array(length));

export function createServices(): Services {
  const db = new SheafDb();
  const state = createStore<SessionState>({ status: 'loading' });
  // Late-bound: the controller needs the client, and the client reports an expired token to it.
  let expire = (): void => undefined;
  const api = createApiClient({ token: () => tokenOf(state.get()), onUnauthorized: () => expire() });
  const chunks = createChunkStore(db);
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

  const session = createSessionController({ state, sessions, api });
  expire = () => void session.expire();

  return {
    session,
    async openWorkspace(session) {
      // Automerge and its 3.6 MB wasm load only once signed in, so the sign-in screen comes up fast.
      const { openDriveSync } = await import('../sync/repo.js');
      const drive = openDriveSync({ driveUrl: session.driveUrl, token: session.token, location: window.location });
      const uploads = createUploadQueue({
        hashPool: lazyPool,
        chunks,
        api,
        addFile: (entry) => drive.addFile(entry),
        author: { userId: session.userId, deviceName: session.deviceName, folderId: session.rootFolderId },
        now: () => Date.now(),
        randomBytes,
      });
      const downloads = createDownloads({ chunks, api, hashPool: lazyPool }, (blob, name) =>
        saveBlob(blob, name, document),
      );
      return {
        drive,
        uploads,
        downloads,
        async close() {
          uploads.close();
          downloads.close();
          await drive.close();
        },
      };
    },
  };
}
