// OpenAPI 3.1 generated from route specs: the zod schemas are the only hand-written description.
import { z } from 'zod';
import { ErrorBody, ERROR_STATUS } from './error-kind.js';
import { isRaw, type RawBody, type RouteSpec } from './route.js';
import { PROTOCOL_VERSION } from './version.js';

type Json = Record<string, unknown>;

const schemaOf = (body: z.ZodType | RawBody, io: 'input' | 'output'): { content: Json } => {
  if (isRaw(body)) return { content: { [body.raw]: { schema: { type: 'string', format: 'binary' } } } };
  return { content: { 'application/json': { schema: z.toJSONSchema(body, { io, unrepresentable: 'any' }) } } };
};

const parametersOf = (schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] => {
  if (schema === undefined) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
};

export function buildOpenApi(routes: readonly RouteSpec[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const responses: Record<string, Json> = {
      [String(route.successStatus ?? 200)]: { description: 'Success', ...schemaOf(route.response, 'output') },
    };
    const kinds = route.auth ? [...new Set([...route.errors, 'unauthorized' as const])] : route.errors;
    for (const kind of [...kinds, 'internal' as const]) {
      const status = String(ERROR_STATUS[kind]);
      responses[status] ??= { description: kind, ...schemaOf(ErrorBody, 'output') };
    }
    const operation: Json = {
      operationId: route.id,
      summary: route.summary,
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      responses,
      ...(route.auth ? { security: [{ bearer: [] }] } : {}),
      ...(route.body !== undefined ? { requestBody: { required: true, ...schemaOf(route.body, 'input') } } : {}),
    };
    (paths[path] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Sheaf relay API', version: String(PROTOCOL_VERSION) },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
