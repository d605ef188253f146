// GET /api/v1/openapi.json, generated from the routes actually mounted (this one included).
import { z } from 'zod';
import { buildOpenApi } from '@sheaf/shared/protocol/openapi';
import { defineRoute } from '@sheaf/shared/protocol/route';
import type { Mounter } from '../http/mount.js';

export const openApiRoute = defineRoute({
  id: 'openapi',
  method: 'get',
  path: '/api/v1/openapi.json',
  summary: 'This API described as OpenAPI 3.1',
  auth: false,
  response: z.record(z.string(), z.unknown()),
  errors: [],
});

export function mountOpenApiRoute(m: Mounter): void {
  m.mount(openApiRoute, () => Promise.resolve(buildOpenApi(m.routes)));
}
