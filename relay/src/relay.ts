// Builds the relay from its configuration and its platform parts; main.ts only wires these.
// Tests call createRelay with a temp data dir, listen on port 0, and close.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import Koa from 'koa';
import Router from '@koa/router';
import type { Logger } from 'pino';
import type { RandomBytes } from '@sheaf/shared/ids';
import type { RelayConfig } from './config.js';
import { systemTimers, type Clock, type Timers } from './clock.js';
import type { Db } from './db/database.js';
import type { BlobStore } from './blobs/blob-store.js';
import { ChunkIndex } from './blobs/chunk-index.js';
import { createChunkCollector, type CollectReport } from './blobs/chunk-collector.js';
import { createChunkLocks } from './blobs/chunk-locks.js';
import { liveChunks } from '@sheaf/shared/drive/retention';
import { documentThumbnails, liveThumbnailChunks } from '@sheaf/shared/drive/thumbnails';
import { createAccounts } from './auth/accounts.js';
import { createTokenIssuer } from './auth/tokens.js';
import { createSessions } from './auth/sessions.js';
import { createAudit } from './auth/audit.js';
import { createMounter, type Authenticate } from './http/mount.js';
import { fail } from './http/api-error.js';
import { createRateLimits } from './http/rate-limits.js';
import { errorMiddleware } from './http/error-middleware.js';
import { originAllowed, securityHeaders } from './http/security-headers.js';
import { staticApp } from './http/static-app.js';
import { mountAuthRoutes } from './api/auth-routes.js';
import { mountDeviceRoutes } from './api/device-routes.js';
import { mountChunkRoutes } from './api/chunk-routes.js';
import { mountChunkBatchRoute } from './api/chunk-batch-routes.js';
import { mountOpenApiRoute } from './api/openapi-route.js';
import { mountSyncRoutes } from './api/sync-routes.js';
import { mountFolderRoutes } from './api/folder-routes.js';
import { mountFileRoutes } from './api/file-routes.js';
import { mountDownloadRoutes } from './api/download-routes.js';
import { mountCommitRoutes } from './api/commit-routes.js';
import { mountUploadRoutes } from './api/upload-routes.js';
import { mountStorageRoutes } from './api/storage-routes.js';
import { createChangeIndex } from './drive/change-index.js';
import { createDevices } from './drive/devices.js';
import { createDriveHub } from './drive/drive-hub.js';
import { createQuota, createUsage } from './drive/usage.js';
import { createSyncServer, SYNC_PATH, type SyncServer } from './sync/sync-server.js';

export type RelayDeps = {
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly random: RandomBytes;
  readonly signingKey: Uint8Array;
  /** Schedules the chunk collector; the system's timers when not given. */
  readonly timers?: Timers;
  /** PEM certificate and key: the relay then serves HTTPS, with HSTS. */
  readonly tls?: { readonly cert: Buffer | string; readonly key: Buffer | string };
};

export type Relay = {
  readonly server: Server;
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /** Runs the chunk collector now (it also runs every `collectIntervalMs`). */
  collectChunks(): Promise<CollectReport>;
  /** Roles on documents for people other than their owner: what sharing gives out. */
  readonly documents: Pick<SyncServer, 'share' | 'unshare'>;
  /** Stops accepting, lets in-flight requests finish, flushes documents and closes the database. */
  close(): Promise<void>;
};

const DRAIN_TIMEOUT_MS = 10_000;
const KEEP_ALIVE_MS = 65_000;

export function createRelay(config: RelayConfig, deps: RelayDeps): Relay {
  const { db, blobs, logger, clock, random } = deps;
  const accounts = createAccounts(db, clock, random);
  const tokens = createTokenIssuer(deps.signingKey, config.accessTokenTtlSeconds, clock);
  const chunkIndex = new ChunkIndex(db, () => clock.now());

  const sessions = createSessions(db, clock, random);
  const audit = createAudit(db, clock);
  const verifyToken = async (token: string) => {
    const claims = await tokens.verify(token);
    // A token lives only as long as its device's sign-in.
    if (!claims.ok || sessions.live(claims.value.sessionId)?.userId !== claims.value.userId) return undefined;
    sessions.seen(claims.value.sessionId);
    return claims.value;
  };
  const authenticate: Authenticate = async (ctx) => {
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
    if (match?.[1] === undefined) return fail('unauthorized', 'sign in: an Authorization: Bearer token is required');
    const claims = await verifyToken(match[1]);
    return claims ?? fail('unauthorized', 'the token is invalid, expired or revoked: sign in again');
  };

  const sync = createSyncServer({
    db,
    logger,
    clock,
    authenticate: async (token) => {
      const claims = await verifyToken(token);
      return claims === undefined ? undefined : { userId: claims.userId, deviceId: claims.sessionId };
    },
  });
  sessions.onRevoked((deviceId) => sync.closeDevice(deviceId));
  const changeIndex = createChangeIndex(db, () => clock.now());
  const devices = createDevices(db, clock);
  const hub = createDriveHub({
    repo: sync.repo,
    db,
    index: changeIndex,
    clock,
    random,
    logger,
    onNewOps(owner, ops) {
      for (const op of ops) {
        if (op.t === 'trash' || op.t === 'purge') {
          audit.record(owner, op.t === 'trash' ? 'trashed' : 'purged', { node: op.node, by: op.by, device: op.device });
        }
      }
    },
  });
  sync.onDocumentShared((documentId) => hub.watch(documentId));
  const chunkLocks = createChunkLocks();
  const usage = createUsage(hub, clock);
  const quota = createQuota(usage, config.quotaBytes);
  const collector = createChunkCollector({
    chunkIndex,
    blobs,
    locks: chunkLocks,
    clock,
    logger,
    graceMs: config.chunkGraceMs,
    async liveChunks(user) {
      const documentId = hub.driveOf(user);
      if (documentId === undefined) return undefined;
      const opened = await hub.open(documentId);
      if (!opened.ok) return undefined;
      const tree = opened.value.replica().tree();
      const rule = opened.value.retention();
      const now = clock.now();
      const live = liveChunks(tree, rule, now);
      // Thumbnails devices recorded beside the operations live as long as the versions they show.
      const thumbnails = documentThumbnails(opened.value.handle.doc());
      for (const hash of liveThumbnailChunks(tree, rule, now, thumbnails)) live.add(hash);
      return live;
    },
  });
  const collectNow = (): Promise<CollectReport> => collector.collect();
  const stopCollecting =
    config.collectIntervalMs > 0
      ? (deps.timers ?? systemTimers).every(config.collectIntervalMs, () => {
          collectNow().catch((error: unknown) => logger.error({ err: error }, 'chunk collection failed'));
        })
      : () => undefined;

  const secure = deps.tls !== undefined;
  const app = new Koa({ proxy: false });
  const router = new Router();
  const limits = createRateLimits(config.rateLimits);
  const mounter = createMounter(router, authenticate, {
    // Every request counts against its network's limit before any work is done for it, except chunk
    // transfers, which count only per user (many small files are many requests; the quota bounds bytes).
    network: (ctx, bucket) => (bucket === 'transfer' ? Promise.resolve(undefined) : limits.ip(ctx.ip)),
    caller: (caller, bucket) => limits.user(caller.userId, bucket),
  });
  mountAuthRoutes(mounter, { db, accounts, tokens, sessions, sync, limits, audit });
  mountDeviceRoutes(mounter, { sessions, audit });
  mountChunkBatchRoute(mounter, { blobs, chunkIndex, locks: chunkLocks, quota });
  mountChunkRoutes(mounter, { blobs, chunkIndex, locks: chunkLocks, quota });
  mountSyncRoutes(mounter, { hub, index: changeIndex, devices });
  mountFolderRoutes(mounter, { hub });
  mountFileRoutes(mounter, { hub, clock });
  mountDownloadRoutes(mounter, { hub, blobs, chunkIndex, clock });
  mountCommitRoutes(mounter, { hub, chunkIndex, quota });
  mountUploadRoutes(mounter, { hub, blobs, chunkIndex, locks: chunkLocks, quota });
  mountStorageRoutes(mounter, { usage, quota });
  mountOpenApiRoute(mounter);

  app.use(errorMiddleware(logger));
  app.use(securityHeaders({ appOrigins: config.appOrigins }, { secure }));
  app.use(async (ctx, next) => {
    const started = performance.now();
    await next();
    logger.debug(
      { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  app.use(staticApp(config.webDir));
  // Koa logs errors itself unless told otherwise; ours are logged by errorMiddleware.
  app.silent = true;
  // Except one that breaks a body after its headers went out (a chunk found damaged mid-download):
  // Koa can only cut the response, and tells no one but this. A client that went away is no failure.
  // Koa can report one broken stream twice (the stream's error and the pipe's): logged once.
  const reported = new WeakSet<object>();
  app.on('error', (error: unknown, ctx?: Koa.Context) => {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    if (typeof error === 'object' && error !== null) {
      if (reported.has(error)) return;
      reported.add(error);
    }
    logger.error({ err: error, method: ctx?.method, path: ctx?.path }, 'a response failed after it began');
  });

  const handle = app.callback();
  // Koa's handler never rejects: errors end in errorMiddleware.
  const handleRequest = (req: IncomingMessage, res: ServerResponse): void => void handle(req, res);
  const server: Server =
    deps.tls === undefined ? createServer(handleRequest) : createTlsServer(deps.tls, handleRequest);
  // Node closes an idle keep-alive connection after 5 s, which races a client sending its next request
  // on it at that moment (ECONNRESET, seen in tests under load). Held longer than clients hold theirs
  // (browsers and undici: 4-60 s), it is the client that closes. Headers must still come within a minute.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  // A whole file in one request (POST /files/upload) takes as long as the link needs: Node's default
  // of 300 s to receive a request would cut a large one off on a slow link.
  server.requestTimeout = 0;
  const refuseUpgrade = (socket: Duplex, status: string, kind: string, message: string): void => {
    const body = JSON.stringify({ error: { kind, message } });
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nConnection: close\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://relay').pathname;
    if (path !== SYNC_PATH) return refuseUpgrade(socket, '404 Not Found', 'not_found', 'no such endpoint');
    // Browsers let any page open a WebSocket anywhere: only the app's own pages may open this one.
    if (!originAllowed(req, { appOrigins: config.appOrigins }, secure)) {
      return refuseUpgrade(socket, '403 Forbidden', 'forbidden', 'this origin may not sync with the relay');
    }
    // Upgrades count against the network's request limit like any other request.
    limits.ip(req.socket.remoteAddress ?? 'unknown').then(
      (limited) =>
        limited === undefined
          ? sync.handleUpgrade(req, socket, head)
          : refuseUpgrade(socket, '429 Too Many Requests', 'rate_limited', limited.message),
      (error: unknown) => {
        logger.error({ err: error }, 'rate limit check failed on upgrade');
        refuseUpgrade(socket, '503 Service Unavailable', 'unavailable', 'try again');
      },
    );
  });
  server.on('clientError', (error, socket) => {
    logger.debug({ err: error }, 'client error');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  let closing: Promise<void> | undefined;
  return {
    server,
    collectChunks: collectNow,
    documents: {
      share: (documentId, userId, role) => sync.share(documentId, userId, role),
      unshare: (documentId, userId) => sync.unshare(documentId, userId),
    },
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const actual = (server.address() as AddressInfo).port;
          resolve({ port: actual, url: `${secure ? 'https' : 'http'}://localhost:${actual}` });
        });
      });
    },
    close() {
      closing ??= (async () => {
        stopCollecting();
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await sync.close();
        const timer = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
        await drained;
        clearTimeout(timer);
        hub.close();
        db.close();
      })();
      return closing;
    },
  };
}
