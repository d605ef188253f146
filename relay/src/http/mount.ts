// Mounts a handler for a route spec: parses params, query and JSON body with the spec's schemas,
// authenticates when the spec says so, answers failures in the one error shape, and records the
// route so that openapi.json describes exactly what is mounted.
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import { isRaw, type RawBody, type RouteSpec } from '@sheaf/shared/protocol/route';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '@sheaf/shared/protocol/version';
import type { DeviceId, UserId } from '@sheaf/shared/ids';
import { errorBody, fail, isFailure, statusOf, type ApiFailure } from './api-error.js';
import { readJsonBody } from './read-body.js';

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;
type Out<S> = S extends z.ZodType ? z.input<S> : RawResponse;

/** A raw response: the handler has already set ctx.body to a stream and headers. */
export type RawResponse = { readonly raw: true };
export const rawResponse: RawResponse = { raw: true };

export type Caller = {
  readonly userId: UserId;
  /** The caller's signed-in device. */
  readonly sessionId: DeviceId;
  readonly tokenId: string;
  readonly expiresAt: number;
};

export type RouteInput<P, Q, B> = {
  readonly ctx: Context;
  readonly params: P;
  readonly query: Q;
  /** The parsed JSON body, or undefined when the route takes a raw body (read it from ctx.req). */
  readonly body: B;
};

export type Authenticate = (ctx: Context) => Promise<Caller | ApiFailure>;

/** Rate limits, counted per request for the route's bucket: a failure answers 429 at once. */
export type Limits = {
  /** Before anything else, by the client's network. */
  readonly network: (ctx: Context, bucket: 'api' | 'transfer') => Promise<ApiFailure | undefined>;
  /** Once the caller is known, for authenticated routes. */
  readonly caller: (caller: Caller, bucket: 'api' | 'transfer') => Promise<ApiFailure | undefined>;
};

export type Mounter = {
  /** An authenticated route's handler gets its caller; a public one's gets none. */
  mount<
    P extends z.ZodType,
    Q extends z.ZodType,
    B extends z.ZodType | RawBody,
    R extends z.ZodType | RawBody,
    A extends boolean,
  >(
    spec: RouteSpec<P, Q, B, R, A>,
    handler: (
      input: RouteInput<Infer<P>, Infer<Q>, Infer<B>> & { readonly caller: A extends true ? Caller : undefined },
    ) => Promise<Out<R> | ApiFailure>,
  ): void;
  readonly routes: readonly RouteSpec[];
};

const issuesOf = (error: z.ZodError): Array<{ path: string; message: string }> =>
  error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));

function respondFailure(ctx: Context, f: ApiFailure): void {
  ctx.status = statusOf(f.kind);
  for (const [name, value] of Object.entries(f.headers ?? {})) ctx.set(name, value);
  ctx.body = errorBody(f);
}

/** A client that declares an older protocol gets a clear "please reload" rather than odd failures. */
function protocolFailure(ctx: Context): ApiFailure | undefined {
  const declared = ctx.get(PROTOCOL_HEADER);
  if (declared === '') return undefined;
  const version = Number(declared);
  if (!Number.isInteger(version)) return fail('bad_request', `${PROTOCOL_HEADER} must be an integer`);
  if (version < PROTOCOL_VERSION) {
    return fail(
      'protocol_outdated',
      `this app speaks protocol ${version}, the relay ${PROTOCOL_VERSION}: please reload`,
    );
  }
  return undefined;
}

export function createMounter(router: Router, authenticate: Authenticate, limits?: Limits): Mounter {
  const routes: RouteSpec[] = [];
  return {
    routes,
    mount(spec, handler) {
      routes.push(spec);
      router[spec.method](spec.path, async (ctx) => {
        const crowded = await limits?.network(ctx, spec.rateBucket ?? 'api');
        if (crowded !== undefined) return respondFailure(ctx, crowded);
        const outdated = protocolFailure(ctx);
        if (outdated) return respondFailure(ctx, outdated);

        let caller: Caller | undefined;
        if (spec.auth) {
          const who = await authenticate(ctx);
          if (isFailure(who)) return respondFailure(ctx, who);
          const limited = await limits?.caller(who, spec.rateBucket ?? 'api');
          if (limited !== undefined) return respondFailure(ctx, limited);
          caller = who;
        }

        const params = spec.params?.safeParse(ctx.params);
        if (params && !params.success) {
          return respondFailure(
            ctx,
            fail('bad_request', 'invalid path parameter', { details: issuesOf(params.error) }),
          );
        }
        const query = spec.query?.safeParse(ctx.query);
        if (query && !query.success) {
          return respondFailure(ctx, fail('bad_request', 'invalid query', { details: issuesOf(query.error) }));
        }
        let body: unknown = undefined;
        if (spec.body !== undefined && !isRaw(spec.body)) {
          const read = await readJsonBody(ctx, spec.maxBodyBytes);
          if (!read.ok) return respondFailure(ctx, read.error);
          const parsed = spec.body.safeParse(read.value);
          if (!parsed.success) {
            return respondFailure(
              ctx,
              fail('bad_request', 'invalid request body', { details: issuesOf(parsed.error) }),
            );
          }
          body = parsed.data;
        }

        const result = await handler({
          ctx,
          // Set above exactly when the spec requires authentication.
          caller: caller as never,
          params: params?.data as never,
          query: query?.data as never,
          body: body as never,
        });
        if (isFailure(result)) return respondFailure(ctx, result);
        if (isRaw(spec.response)) return;
        // Parse our own output too: a handler bug becomes a 500 here rather than a malformed body on the wire.
        ctx.status = spec.successStatus ?? 200;
        ctx.body = spec.response.parse(result);
      });
    },
  };
}
