// A route's contract in one value: method, path, auth and the schemas of its bodies.
// The relay mounts handlers only through these, and /api/v1/openapi.json is generated from the
// routes it mounted, so the API description can never drift from what is served.
import type { z } from 'zod';
import type { ErrorKind } from './error-kind.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete' | 'patch';

/** A body that is raw bytes rather than JSON (chunks, downloads). */
export type RawBody = { readonly raw: string };

export type RouteSpec<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType | RawBody = z.ZodType | RawBody,
  Response extends z.ZodType | RawBody = z.ZodType | RawBody,
  Auth extends boolean = boolean,
> = {
  readonly id: string;
  readonly method: HttpMethod;
  /** Koa-style path, `:name` for parameters. */
  readonly path: string;
  readonly summary: string;
  /** false only for routes that must work signed out (health, register, login). */
  readonly auth: Auth;
  readonly params?: Params;
  readonly query?: Query;
  readonly body?: Body;
  readonly response: Response;
  readonly successStatus?: number;
  readonly errors: readonly ErrorKind[];
  /** Largest accepted request body in bytes. */
  readonly maxBodyBytes?: number;
  /** Which per-user rate limit counts the route: chunk transfers have their own, larger one. */
  readonly rateBucket?: 'api' | 'transfer';
};

export const defineRoute = <
  Params extends z.ZodType,
  Query extends z.ZodType,
  Body extends z.ZodType | RawBody,
  Response extends z.ZodType | RawBody,
  Auth extends boolean,
>(
  spec: RouteSpec<Params, Query, Body, Response, Auth>,
): RouteSpec<Params, Query, Body, Response, Auth> => spec;

export const isRaw = (body: z.ZodType | RawBody): body is RawBody => 'raw' in body;
