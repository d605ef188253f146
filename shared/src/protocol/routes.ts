// The route specs of API version 1, grouped here so the client and the relay name the same paths.
import { z } from 'zod';
import { LoginRequest, LoginResponse } from './auth-login.js';
import { RegisterRequest, RegisterResponse } from './auth-register.js';
import { ChunkParams, ChunkPutResponse, MAX_CHUNK_BYTES } from './chunk-put.js';
import { HealthResponse } from './health.js';
import { AuditQuery, AuditResponse } from './audit.js';
import { RefreshRequest, RefreshResponse } from './auth-refresh.js';
import { DeviceParams, DeviceRevokeResponse, DevicesResponse } from './devices.js';
import { defineRoute } from './route.js';
import { ChunksMissingRequest, ChunksMissingResponse } from './chunks-missing.js';
import { SyncRegisterDeviceRequest, SyncRegisterDeviceResponse } from './sync-register-device.js';
import { SyncChangesQuery, SyncChangesResponse } from './sync-changes.js';
import { SyncAcknowledgeRequest, SyncAcknowledgeResponse } from './sync-acknowledge.js';
import { FolderCreateRequest, FolderCreateResponse } from './folder-create.js';
import { FolderContentsQuery, FolderContentsResponse, FolderParams } from './folder-contents.js';
import { FileParams } from './file-params.js';
import { FileUpdateRequest, FileUpdateResponse } from './file-update.js';
import { FileDeleteResponse } from './file-delete.js';
import { FileMetadataResponse } from './file-metadata.js';
import { FileVersionsResponse } from './file-versions.js';
import { FileRestoreRequest, FileRestoreResponse } from './file-restore.js';
import { FileDownloadQuery } from './file-download.js';
import { FileCommitRequest, FileCommitResponse } from './file-commit.js';
import { FileCommitBatchRequest, FileCommitBatchResponse, MAX_COMMIT_BATCH_BYTES } from './file-commit-batch.js';
import { CHUNK_BATCH_CONTENT_TYPE, ChunkBatchResponse, MAX_BATCH_BYTES } from './chunk-batch.js';
import { FileUploadResponse } from './file-upload.js';
import { StorageUsageResponse } from './storage-usage.js';

export const healthRoute = defineRoute({
  id: 'health',
  method: 'get',
  path: '/api/v1/health',
  summary: 'Liveness of the relay',
  auth: false,
  response: HealthResponse,
  errors: [],
});

export const registerRoute = defineRoute({
  id: 'auth.register',
  method: 'post',
  path: '/api/v1/auth/register',
  summary: 'Create an account and its drive',
  auth: false,
  body: RegisterRequest,
  response: RegisterResponse,
  successStatus: 201,
  errors: ['bad_request', 'conflict', 'rate_limited'],
});

export const loginRoute = defineRoute({
  id: 'auth.login',
  method: 'post',
  path: '/api/v1/auth/login',
  summary: 'Sign in with email and password',
  auth: false,
  body: LoginRequest,
  response: LoginResponse,
  errors: ['bad_request', 'unauthorized', 'rate_limited'],
});

export const logoutRoute = defineRoute({
  id: 'auth.logout',
  method: 'post',
  path: '/api/v1/auth/logout',
  summary: 'Sign out this device: its access and refresh tokens stop working, its sockets close',
  auth: true,
  response: z.object({ success: z.literal(true) }),
  errors: ['unauthorized'],
});

export const refreshRoute = defineRoute({
  id: 'auth.refresh',
  method: 'post',
  path: '/api/v1/auth/refresh',
  summary: 'A new access token for a refresh token, which is replaced (each works once)',
  auth: false,
  body: RefreshRequest,
  response: RefreshResponse,
  errors: ['bad_request', 'unauthorized', 'rate_limited'],
});

export const devicesRoute = defineRoute({
  id: 'devices.list',
  method: 'get',
  path: '/api/v1/devices',
  summary: "The caller's signed-in devices",
  auth: true,
  response: DevicesResponse,
  errors: ['unauthorized'],
});

export const deviceRevokeRoute = defineRoute({
  id: 'devices.revoke',
  method: 'delete',
  path: '/api/v1/devices/:deviceId',
  summary: 'Sign a device out: its tokens stop working and its sockets close',
  auth: true,
  params: DeviceParams,
  response: DeviceRevokeResponse,
  errors: ['bad_request', 'unauthorized', 'not_found'],
});

export const chunksMissingRoute = defineRoute({
  id: 'chunks.missing',
  method: 'post',
  path: '/api/v1/chunks/missing',
  summary: 'Which of these chunks the relay lacks for the caller',
  auth: true,
  body: ChunksMissingRequest,
  response: ChunksMissingResponse,
  errors: ['bad_request', 'unauthorized', 'quota_exceeded'],
  rateBucket: 'transfer',
});

export const chunkPutRoute = defineRoute({
  id: 'chunks.put',
  method: 'put',
  path: '/api/v1/chunks/:sha256',
  summary: 'Store one chunk; idempotent; 422 when the bytes do not hash to the address',
  auth: true,
  params: ChunkParams,
  body: { raw: 'application/octet-stream' },
  response: ChunkPutResponse,
  errors: ['bad_request', 'unauthorized', 'payload_too_large', 'hash_mismatch', 'quota_exceeded'],
  maxBodyBytes: MAX_CHUNK_BYTES,
  rateBucket: 'transfer',
});

export const chunkBatchRoute = defineRoute({
  id: 'chunks.batch',
  method: 'post',
  path: '/api/v1/chunks/batch',
  summary:
    'Store many chunks in one request (frames of 32-byte SHA-256, 4-byte big-endian length, bytes); ' +
    'all stored or none; 422 when one does not hash to its address',
  auth: true,
  body: { raw: CHUNK_BATCH_CONTENT_TYPE },
  response: ChunkBatchResponse,
  errors: ['bad_request', 'unauthorized', 'payload_too_large', 'hash_mismatch', 'quota_exceeded'],
  maxBodyBytes: MAX_BATCH_BYTES,
  rateBucket: 'transfer',
});

export const chunkGetRoute = defineRoute({
  id: 'chunks.get',
  method: 'get',
  path: '/api/v1/chunks/:sha256',
  summary: 'Read one chunk the caller may read, whole or a Range of it',
  auth: true,
  params: ChunkParams,
  response: { raw: 'application/octet-stream' },
  errors: ['bad_request', 'unauthorized', 'not_found', 'range_not_satisfiable'],
  rateBucket: 'transfer',
});

// Seed 4.4: the change feed of the caller's drive for clients that do not speak Automerge.

export const syncRegisterDeviceRoute = defineRoute({
  id: 'sync.registerDevice',
  method: 'post',
  path: '/api/v1/sync/register-device',
  summary: 'Register (or re-register) a device; answers where its change feed starts',
  auth: true,
  body: SyncRegisterDeviceRequest,
  response: SyncRegisterDeviceResponse,
  errors: ['bad_request', 'unauthorized'],
});

export const syncChangesRoute = defineRoute({
  id: 'sync.changes',
  method: 'get',
  path: '/api/v1/sync/changes',
  summary: "One page of the caller's drive changes after a cursor, each exactly once",
  auth: true,
  query: SyncChangesQuery,
  response: SyncChangesResponse,
  errors: ['bad_request', 'unauthorized', 'not_found', 'unavailable'],
});

export const syncAcknowledgeRoute = defineRoute({
  id: 'sync.acknowledge',
  method: 'post',
  path: '/api/v1/sync/acknowledge',
  summary: 'Record which changes a device has applied',
  auth: true,
  body: SyncAcknowledgeRequest,
  response: SyncAcknowledgeResponse,
  errors: ['bad_request', 'unauthorized', 'not_found'],
});

// Seed 4.2, 4.3 and 4.6: files and folders of the caller's drive. A state the request cannot apply to
// (a cycle, a file where a folder is needed, something in the trash) is 409; a bad name or id is 400.

export const folderCreateRoute = defineRoute({
  id: 'folders.create',
  method: 'post',
  path: '/api/v1/folders',
  summary: 'Create a folder',
  auth: true,
  body: FolderCreateRequest,
  response: FolderCreateResponse,
  successStatus: 201,
  errors: ['bad_request', 'unauthorized', 'not_found', 'conflict', 'unavailable'],
});

export const folderContentsRoute = defineRoute({
  id: 'folders.contents',
  method: 'get',
  path: '/api/v1/folders/:folderId/contents',
  summary: "One page of a folder's files and folders",
  auth: true,
  params: FolderParams,
  query: FolderContentsQuery,
  response: FolderContentsResponse,
  errors: ['bad_request', 'unauthorized', 'not_found', 'conflict', 'unavailable'],
});

export const fileUpdateRoute = defineRoute({
  id: 'files.update',
  method: 'put',
  path: '/api/v1/files/:fileId',
  summary: 'Rename and/or move a file or folder',
  auth: true,
  params: FileParams,
  body: FileUpdateRequest,
  response: FileUpdateResponse,
  errors: ['bad_request', 'unauthorized', 'not_found', 'conflict', 'unavailable'],
});

export const fileDeleteRoute = defineRoute({
  id: 'files.delete',
  method: 'delete',
  path: '/api/v1/files/:fileId',
  summary: 'Move a file or folder to the trash',
  auth: true,
  params: FileParams,
  response: FileDeleteResponse,
  errors: ['bad_request', 'unauthorized', 'not_found', 'unavailable'],
});

export const fileMetadataRoute = defineRoute({
  id: 'files.metadata',
  method: 'get',
  path: '/api/v1/files/:fileId/metadata',
  summary: 'What the drive knows of one file or folder',
  auth: true,
  params: FileParams,
  response: FileMetadataResponse,
  errors: ['bad_request', 'unauthorized', 'not_found', 'unavailable'],
});

export const fileVersionsRoute = defineRoute({
  id: 'files.versions',
  method: 'get',
  path: '/api/v1/files/:fileId/versions',
  summary: "A file's versions, oldest first",
  auth: true,
  params: FileParams,
  response: FileVersionsResponse,
  errors: ['bad_request', 'unauthorized', 'not_found', 'conflict', 'unavailable'],
});

export const fileRestoreRoute = defineRoute({
  id: 'files.restore',
  method: 'post',
  path: '/api/v1/files/:fileId/restore',
  summary: 'Make an earlier version current again (as a new version)',
  auth: true,
  params: FileParams,
  body: FileRestoreRequest,
  response: FileRestoreResponse,
  errors: ['bad_request', 'unauthorized', 'not_found', 'conflict', 'gone', 'unavailable'],
});

export const fileDownloadRoute = defineRoute({
  id: 'files.download',
  method: 'get',
  path: '/api/v1/files/:fileId/download',
  summary: "A file's bytes (the current version, or `versionId`), with Range and If-Range",
  auth: true,
  params: FileParams,
  query: FileDownloadQuery,
  response: { raw: 'application/octet-stream' },
  errors: ['bad_request', 'unauthorized', 'not_found', 'conflict', 'gone', 'range_not_satisfiable', 'unavailable'],
});

export const fileCommitRoute = defineRoute({
  id: 'files.commit',
  method: 'post',
  path: '/api/v1/files/commit',
  summary: 'Record a file (or a new version of one) from chunks already uploaded',
  auth: true,
  body: FileCommitRequest,
  response: FileCommitResponse,
  successStatus: 201,
  errors: ['bad_request', 'unauthorized', 'not_found', 'conflict', 'quota_exceeded', 'unavailable'],
  rateBucket: 'transfer',
});

export const fileCommitBatchRoute = defineRoute({
  id: 'files.commitBatch',
  method: 'post',
  path: '/api/v1/files/commit-batch',
  summary: 'Record many files of one folder from chunks already uploaded, in one change; answered per file',
  auth: true,
  body: FileCommitBatchRequest,
  response: FileCommitBatchResponse,
  errors: [
    'bad_request',
    'unauthorized',
    'not_found',
    'conflict',
    'payload_too_large',
    'quota_exceeded',
    'unavailable',
  ],
  maxBodyBytes: MAX_COMMIT_BATCH_BYTES,
  rateBucket: 'transfer',
});

export const fileUploadRoute = defineRoute({
  id: 'files.upload',
  method: 'post',
  path: '/api/v1/files/upload',
  summary: 'Upload a whole file in one multipart request (fields: file, parentFolderId, metadata)',
  auth: true,
  body: { raw: 'multipart/form-data' },
  response: FileUploadResponse,
  successStatus: 201,
  errors: [
    'bad_request',
    'unauthorized',
    'not_found',
    'conflict',
    'unsupported_media_type',
    'hash_mismatch',
    'quota_exceeded',
    'unavailable',
  ],
  rateBucket: 'transfer',
});

export const storageUsageRoute = defineRoute({
  id: 'storage.usage',
  method: 'get',
  path: '/api/v1/storage',
  summary: "How much of the caller's storage quota their drive uses",
  auth: true,
  response: StorageUsageResponse,
  errors: ['unauthorized', 'unavailable'],
});

export const auditRoute = defineRoute({
  id: 'audit.list',
  method: 'get',
  path: '/api/v1/audit',
  summary: "The caller's security events, oldest first by `after`, or newest first by `before`",
  auth: true,
  query: AuditQuery,
  response: AuditResponse,
  errors: ['bad_request', 'unauthorized', 'rate_limited'],
});
