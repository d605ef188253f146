// Automerge sync over WebSocket on /sync. The token is checked on the HTTP upgrade and a bad one is
// answered 401 before any WebSocket exists; documents are shared only with peers whose user may read them.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Repo, type DocumentId, type PeerId } from '@automerge/automerge-repo';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import { DocUrl, type DeviceId, type UserId } from '@sheaf/shared/ids';
import { emptyDriveDocument, type DriveDocument } from '@sheaf/shared/drive/drive-document';
import type { Db } from '../db/database.js';
import type { Clock } from '../clock.js';
import { AuthenticatedWebSocketServerAdapter, type AdapterServer } from './authenticated-adapter.js';
import { createDocAccess, type MemberRole } from './doc-access.js';
import { SqliteStorageAdapter } from './sqlite-storage-adapter.js';

export const SYNC_PATH = '/sync';
/** Bounds one message so that a single client cannot make the relay buffer a huge document (automerge-repo#394). */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export type SyncServer = {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Creates and stores a new drive document; nobody may read it until `grantOwner`. */
  createDrive(): Promise<{ documentId: DocumentId; url: DocUrl }>;
  /** Records the owner; call inside the transaction that creates the owner's account. */
  grantOwner(documentId: DocumentId, owner: UserId, kind: string): void;
  /** Gives someone other than the owner a role on a document; false when there is no such document. */
  share(documentId: DocumentId, userId: UserId, role: MemberRole): boolean;
  unshare(documentId: DocumentId, userId: UserId): void;
  /** Drops a document that never got an owner (an account creation that failed). */
  discard(documentId: DocumentId): void;
  /** The relay's automerge-repo, for the parts that read and write documents (the drive hub). */
  readonly repo: Repo;
  /**
   * Calls `listener` whenever a peer is let at a document, before automerge-repo loads it for that
   * peer: the drive hub starts following a drive from the first sync message that reaches it.
   */
  onDocumentShared(listener: (documentId: DocumentId) => void): void;
  /** Closes every socket opened with a token of this signed-in device (it was signed out). */
  closeDevice(deviceId: DeviceId): void;
  close(): Promise<void>;
};

/** A socket closed because its device was signed out; the client should not reconnect with its token. */
export const CLOSE_SIGNED_OUT = 4401;

export type SyncDeps = {
  readonly db: Db;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Resolves a token to its user and device, or undefined when it is missing, invalid, expired or revoked. */
  readonly authenticate: (token: string) => Promise<{ userId: UserId; deviceId: DeviceId } | undefined>;
};

export function createSyncServer({ db, logger, clock, authenticate }: SyncDeps): SyncServer {
  const access = createDocAccess(db, clock);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  // Same runtime object; only the ESM and CommonJS typings of ws differ.
  const adapter = new AuthenticatedWebSocketServerAdapter(wss as unknown as AdapterServer, access, logger);
  const allowed = (peerId: PeerId, documentId?: DocumentId): Promise<boolean> =>
    Promise.resolve(documentId !== undefined && access.canRead(peerId, documentId));
  const sharedListeners: Array<(documentId: DocumentId) => void> = [];
  const socketsOf = new Map<DeviceId, Set<WebSocket>>();
  // automerge-repo asks this for every message a peer sends about a document, before it loads the
  // document for that peer. It is the hook for "a document became active": Repo's 'document' event
  // is declared in 2.5.6 but never emitted.
  const accessFor = (peerId: PeerId, documentId: DocumentId): Promise<boolean> => {
    const granted = access.canRead(peerId, documentId);
    if (granted) for (const listener of sharedListeners) listener(documentId);
    return Promise.resolve(granted);
  };
  const repo = new Repo({
    network: [adapter],
    storage: new SqliteStorageAdapter(db),
    peerId: 'sheaf-relay' as PeerId,
    shareConfig: { announce: allowed, access: accessFor },
  });

  const reject = (socket: Duplex, status: number, reason: string): void => {
    const body = JSON.stringify({ error: { kind: status === 401 ? 'unauthorized' : 'bad_request', message: reason } });
    socket.end(
      `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Bad Request'}\r\n` +
        'Content-Type: application/json\r\nConnection: close\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  };

  return {
    handleUpgrade(req, socket, head) {
      socket.on('error', (error) => logger.debug({ err: error }, 'upgrade socket error'));
      const url = new URL(req.url ?? '/', 'http://relay');
      const token = url.searchParams.get('token');
      if (token === null || token === '') return reject(socket, 401, 'a token is required to sync');
      authenticate(token).then(
        (who) => {
          if (who === undefined) return reject(socket, 401, 'invalid or expired token');
          wss.handleUpgrade(req, socket, head, (ws) => {
            const sockets = socketsOf.get(who.deviceId) ?? new Set<WebSocket>();
            socketsOf.set(who.deviceId, sockets.add(ws));
            ws.on('close', () => {
              sockets.delete(ws);
              if (sockets.size === 0 && socketsOf.get(who.deviceId) === sockets) socketsOf.delete(who.deviceId);
            });
            adapter.admit(ws, who.userId);
            wss.emit('connection', ws, req);
          });
        },
        (error: unknown) => {
          logger.error({ err: error }, 'token check failed on upgrade');
          reject(socket, 401, 'token check failed');
        },
      );
    },

    async createDrive() {
      const handle = repo.create<DriveDocument>(emptyDriveDocument());
      // Stored before the account is answered, so a new device finds it even after a relay restart.
      await repo.flush([handle.documentId]);
      return { documentId: handle.documentId, url: DocUrl.parse(handle.url) };
    },

    grantOwner(documentId, owner, kind) {
      access.recordOwner(documentId, owner, kind);
    },

    share: (documentId, userId, role) => access.grant(documentId, userId, role),
    unshare: (documentId, userId) => access.revoke(documentId, userId),

    discard(documentId) {
      repo.delete(documentId);
    },

    repo,

    onDocumentShared(listener) {
      sharedListeners.push(listener);
    },

    closeDevice(deviceId) {
      for (const ws of socketsOf.get(deviceId) ?? []) ws.close(CLOSE_SIGNED_OUT, 'signed out');
    },

    async close() {
      for (const client of wss.clients) client.close(1001, 'relay shutting down');
      await repo.shutdown();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
