// The relay's HTTP API as the app sees it: every request is checked and every response parsed
// with the shared zod schemas, and every failure comes back as an `ApiError` value with a message
// fit to show to the user. Nothing here throws for an HTTP or network failure; a call rejects
// only when the caller's AbortSignal aborts, with the signal's reason. A request whose token is
// refused is sent once more after the session renewed its token.
import type { z } from 'zod';
import { LoginRequest, LoginResponse } from '@sheaf/shared/protocol/auth-login';
import { RefreshRequest, RefreshResponse } from '@sheaf/shared/protocol/auth-refresh';
import { RegisterRequest, RegisterResponse } from '@sheaf/shared/protocol/auth-register';
import { AUDIT_SEQ_END, AuditResponse } from '@sheaf/shared/protocol/audit';
import { ChunkPutResponse } from '@sheaf/shared/protocol/chunk-put';
import {
  CHUNK_BATCH_CONTENT_TYPE,
  ChunkBatchResponse,
  frameHeader,
  MAX_BATCH_BYTES,
  MAX_BATCH_CHUNKS,
} from '@sheaf/shared/protocol/chunk-batch';
import { FileCommitBatchRequest, FileCommitBatchResponse } from '@sheaf/shared/protocol/file-commit-batch';
import { ChunksMissingRequest, ChunksMissingResponse } from '@sheaf/shared/protocol/chunks-missing';
import { DeviceRevokeResponse, DevicesResponse } from '@sheaf/shared/protocol/devices';
import { StorageUsageResponse } from '@sheaf/shared/protocol/storage-usage';
import {
  auditRoute,
  chunkBatchRoute,
  chunkGetRoute,
  chunkPutRoute,
  chunksMissingRoute,
  deviceRevokeRoute,
  devicesRoute,
  fileCommitBatchRoute,
  loginRoute,
  logoutRoute,
  refreshRoute,
  registerRoute,
  storageUsageRoute,
} from '@sheaf/shared/protocol/routes';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '@sheaf/shared/protocol/version';
import type { ChunkHash, DeviceId } from '@sheaf/shared/ids';
import { err, ok, type Result } from '@sheaf/shared/result';
import { errorFromResponse, invalidInput, networkError, unexpectedResponse, type ApiError } from './errors.js';

export type { ApiError } from './errors.js';
export type ApiResult<T> = Result<T, ApiError>;

export type ApiClient = {
  register(input: z.input<typeof RegisterRequest>): Promise<ApiResult<RegisterResponse>>;
  login(input: z.input<typeof LoginRequest>): Promise<ApiResult<LoginResponse>>;
  /** The next access token and refresh token for `refreshToken`, which is spent by this call. */
  refresh(refreshToken: string): Promise<ApiResult<RefreshResponse>>;
  /** Signs this device out on the relay: its tokens stop working and its sockets close. */
  logout(signal?: AbortSignal): Promise<ApiResult<void>>;
  /** The account's signed-in devices. */
  devices(signal?: AbortSignal): Promise<ApiResult<DevicesResponse>>;
  /** Signs another device out. */
  revokeDevice(deviceId: DeviceId, signal?: AbortSignal): Promise<ApiResult<void>>;
  /** The account's security events newest first: up to `limit` older than `before`, or the newest. */
  auditEvents(page: { before?: number; limit: number }, signal?: AbortSignal): Promise<ApiResult<AuditResponse>>;
  /** The hashes among `hashes` that the relay does not hold for this user. */
  /** `uploadBytes`: the size of the file about to be sent, so a full drive refuses (507) before any byte goes. */
  missingChunks(
    hashes: readonly ChunkHash[],
    signal?: AbortSignal,
    uploadBytes?: number,
  ): Promise<ApiResult<ChunkHash[]>>;
  putChunk(hash: ChunkHash, bytes: Blob, signal?: AbortSignal): Promise<ApiResult<ChunkPutResponse>>;
  /**
   * Many chunks in one request (`POST /chunks/batch`): for small files, where one PUT each would be
   * one round trip each. Stored all or none; answered per chunk in order. At most MAX_BATCH_CHUNKS
   * chunks and MAX_BATCH_BYTES with their 36-byte headers (`chunkBatchBytes` counts them).
   */
  putChunkBatch(
    chunks: ReadonlyArray<{ readonly hash: ChunkHash; readonly bytes: Blob }>,
    signal?: AbortSignal,
  ): Promise<ApiResult<ChunkBatchResponse>>;
  /** Many files of one folder recorded in one change (`POST /files/commit-batch`); answered per file. */
  commitFiles(
    request: z.input<typeof FileCommitBatchRequest>,
    signal?: AbortSignal,
  ): Promise<ApiResult<FileCommitBatchResponse>>;
  /** How much of the quota the drive uses. */
  storageUsage(signal?: AbortSignal): Promise<ApiResult<StorageUsageResponse>>;
  /** The raw bytes stored under `hash`; the caller verifies them before use. */
  getChunk(hash: ChunkHash, signal?: AbortSignal): Promise<ApiResult<ArrayBuffer>>;
};

export type ApiClientOptions = {
  /** '' for the page's own origin, which is where the relay serves the app. */
  readonly baseUrl?: string;
  /** The current session's bearer token, read on every call so that sign-in takes effect at once. */
  readonly token: () => string | undefined;
  /**
   * Called when the relay refuses `rejected`; resolves true when a newer token is there, and the
   * request is then sent once more with it. Without it, a refused token ends the session at once.
   */
  readonly renew?: (rejected: string) => Promise<boolean>;
  /** Called when the relay refuses the session's token for good (expired or revoked). */
  readonly onUnauthorized?: () => void;
  readonly fetch?: typeof fetch;
};

type RequestBody = { readonly json: unknown } | { readonly raw: Blob };

/** 'bearer': sends the session's token, renewed once if refused; 'none': a sign-in or a refresh. */
type Auth = 'bearer' | 'none';

const chunkPath = (path: string, hash: ChunkHash): string => path.replace(':sha256', hash);

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  const sendOnce = async (
    method: string,
    path: string,
    body: RequestBody | undefined,
    signal: AbortSignal | undefined,
    token: string | undefined,
  ): Promise<ApiResult<Response>> => {
    const headers = new Headers({ [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) });
    if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
    let payload: BodyInit | undefined;
    if (body !== undefined && 'json' in body) {
      headers.set('content-type', 'application/json');
      payload = JSON.stringify(body.json);
    } else if (body !== undefined) {
      headers.set('content-type', body.raw.type === '' ? 'application/octet-stream' : body.raw.type);
      payload = body.raw;
    }
    try {
      const response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
        ...(signal !== undefined ? { signal } : {}),
      });
      return response.ok ? ok(response) : err(await errorFromResponse(response));
    } catch (error) {
      if (signal?.aborted === true) throw signal.reason;
      return err(networkError(error));
    }
  };

  const refused = (sent: ApiResult<Response>): boolean => !sent.ok && sent.error.kind === 'unauthorized';

  const send = async (
    method: string,
    path: string,
    body: RequestBody | undefined,
    signal: AbortSignal | undefined,
    auth: Auth = 'bearer',
  ): Promise<ApiResult<Response>> => {
    const token = auth === 'bearer' ? options.token() : undefined;
    const first = await sendOnce(method, path, body, signal, token);
    if (token === undefined || !refused(first)) return first;
    if (options.renew === undefined) {
      options.onUnauthorized?.();
      return first;
    }
    // A refused renewal has already ended the session; an unreachable relay leaves it as it is.
    if (!(await options.renew(token))) return first;
    const again = await sendOnce(method, path, body, signal, options.token());
    if (refused(again)) options.onUnauthorized?.();
    return again;
  };

  const json = async <S extends z.ZodType>(
    method: string,
    path: string,
    requestBody: RequestBody | undefined,
    schema: S,
    signal?: AbortSignal,
    auth?: Auth,
  ): Promise<ApiResult<z.output<S>>> => {
    const sent = await send(method, path, requestBody, signal, auth);
    if (!sent.ok) return sent;
    let body: unknown;
    try {
      body = await sent.value.json();
    } catch {
      return err(unexpectedResponse(sent.value.status, 'the reply was not JSON'));
    }
    const parsed = schema.safeParse(body);
    return parsed.success ? ok(parsed.data) : err(unexpectedResponse(sent.value.status, parsed.error.message));
  };

  return {
    async register(input) {
      const request = RegisterRequest.safeParse(input);
      if (!request.success) return err(invalidInput(request.error));
      return json('POST', registerRoute.path, { json: request.data }, RegisterResponse, undefined, 'none');
    },

    async login(input) {
      const request = LoginRequest.safeParse(input);
      if (!request.success) return err(invalidInput(request.error));
      return json('POST', loginRoute.path, { json: request.data }, LoginResponse, undefined, 'none');
    },

    async refresh(refreshToken) {
      const request = RefreshRequest.safeParse({ refreshToken });
      if (!request.success) return err(invalidInput(request.error));
      return json('POST', refreshRoute.path, { json: request.data }, RefreshResponse, undefined, 'none');
    },

    async logout(signal) {
      const reply = await json('POST', logoutRoute.path, undefined, logoutRoute.response, signal);
      return reply.ok ? ok(undefined) : reply;
    },

    devices: (signal) => json('GET', devicesRoute.path, undefined, DevicesResponse, signal),

    async revokeDevice(deviceId, signal) {
      const path = deviceRevokeRoute.path.replace(':deviceId', encodeURIComponent(deviceId));
      const reply = await json('DELETE', path, undefined, DeviceRevokeResponse, signal);
      return reply.ok ? ok(undefined) : reply;
    },

    auditEvents: ({ before = AUDIT_SEQ_END, limit }, signal) =>
      json('GET', `${auditRoute.path}?before=${before}&limit=${limit}`, undefined, AuditResponse, signal),

    storageUsage: (signal) => json('GET', storageUsageRoute.path, undefined, StorageUsageResponse, signal),

    async missingChunks(hashes, signal, uploadBytes) {
      const request = ChunksMissingRequest.safeParse(uploadBytes === undefined ? { hashes } : { hashes, uploadBytes });
      if (!request.success) return err(invalidInput(request.error));
      const reply = await json('POST', chunksMissingRoute.path, { json: request.data }, ChunksMissingResponse, signal);
      return reply.ok ? ok(reply.value.missing) : reply;
    },

    putChunk: (hash, bytes, signal) =>
      json('PUT', chunkPath(chunkPutRoute.path, hash), { raw: bytes }, ChunkPutResponse, signal),

    async putChunkBatch(chunks, signal) {
      // The body is a Blob of Blobs: the browser streams the chunks from wherever they are held.
      const body = new Blob(
        chunks.flatMap(({ hash, bytes }) => [frameHeader(hash, bytes.size), bytes]),
        { type: CHUNK_BATCH_CONTENT_TYPE },
      );
      if (chunks.length > MAX_BATCH_CHUNKS || body.size > MAX_BATCH_BYTES) {
        const message = `A batch holds at most ${MAX_BATCH_CHUNKS} chunks and ${MAX_BATCH_BYTES} bytes.`;
        return err({ kind: 'bad_request', status: 0, message });
      }
      const reply = await json('POST', chunkBatchRoute.path, { raw: body }, ChunkBatchResponse, signal);
      if (!reply.ok) return reply;
      const answered = reply.value.chunks;
      const mismatch = answered.length !== chunks.length || answered.some((c, i) => c.hash !== chunks[i]?.hash);
      return mismatch ? err(unexpectedResponse(200, 'answers for other chunks than were sent')) : reply;
    },

    async commitFiles(input, signal) {
      const request = FileCommitBatchRequest.safeParse(input);
      if (!request.success) return err(invalidInput(request.error));
      return json('POST', fileCommitBatchRoute.path, { json: request.data }, FileCommitBatchResponse, signal);
    },

    async getChunk(hash, signal) {
      const sent = await send('GET', chunkPath(chunkGetRoute.path, hash), undefined, signal);
      if (!sent.ok) return sent;
      try {
        return ok(await sent.value.arrayBuffer());
      } catch (error) {
        if (signal?.aborted === true) throw signal.reason;
        return err(networkError(error));
      }
    },
  };
}
