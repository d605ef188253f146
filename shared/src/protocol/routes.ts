// The route specs of API version 1, grouped here so the client and the relay name the same paths.
import { z } from 'zod';
import { LoginRequest, LoginResponse } from './auth-login.js';
import { RegisterRequest, RegisterResponse } from './auth-register.js';
import { ChunkParams, ChunkPutResponse, MAX_CHUNK_BYTES } from './chunk-put.js';
import { HealthResponse } from './health.js';
import { defineRoute } from './route.js';
import { ChunksMissingRequest, ChunksMissingResponse } from './chunks-missing.js';

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
  errors: ['bad_request', 'conflict'],
});

export const loginRoute = defineRoute({
  id: 'auth.login',
  method: 'post',
  path: '/api/v1/auth/login',
  summary: 'Sign in with email and password',
  auth: false,
  body: LoginRequest,
  response: LoginResponse,
  errors: ['bad_request', 'unauthorized'],
});

export const logoutRoute = defineRoute({
  id: 'auth.logout',
  method: 'post',
  path: '/api/v1/auth/logout',
  summary: 'Sign out this session',
  auth: true,
  response: z.object({ success: z.literal(true) }),
  errors: ['unauthorized'],
});

export const chunksMissingRoute = defineRoute({
  id: 'chunks.missing',
  method: 'post',
  path: '/api/v1/chunks/missing',
  summary: 'Which of these chunks the relay lacks for the caller',
  auth: true,
  body: ChunksMissingRequest,
  response: ChunksMissingResponse,
  errors: ['bad_request', 'unauthorized'],
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
  errors: ['bad_request', 'unauthorized', 'payload_too_large', 'hash_mismatch'],
  maxBodyBytes: MAX_CHUNK_BYTES,
});

export const chunkGetRoute = defineRoute({
  id: 'chunks.get',
  method: 'get',
  path: '/api/v1/chunks/:sha256',
  summary: 'Read one chunk the caller may read',
  auth: true,
  params: ChunkParams,
  response: { raw: 'application/octet-stream' },
  errors: ['bad_request', 'unauthorized', 'not_found'],
});
