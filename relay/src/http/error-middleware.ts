// The outermost middleware: whatever a request does, the client gets `{ error: { kind, message } }`
// with the right status, never a stack trace, and the process never dies of it.
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import type { ErrorKind } from '@sheaf/shared/protocol/error-kind';
import { errorBody, statusOf } from './api-error.js';

/** Koa and its body readers throw errors carrying an HTTP status; map the ones we expect to kinds. */
const kindForStatus = (status: number): ErrorKind => {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 413:
      return 'payload_too_large';
    case 416:
      return 'range_not_satisfiable';
    case 415:
      return 'unsupported_media_type';
    default:
      return 'internal';
  }
};

/**
 * A client that went away mid-request (a closed tab, a network cut: uploads resume from what was
 * stored) is not a fault of the relay's: reading its body fails with ECONNRESET on a request
 * already destroyed.
 */
const clientWentAway = (error: unknown, req: { readonly destroyed: boolean }): boolean =>
  req.destroyed && (error as { code?: unknown }).code === 'ECONNRESET';

export const errorMiddleware =
  (logger: Logger): Middleware =>
  async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = errorBody({ kind: 'not_found', message: `no route for ${ctx.method} ${ctx.path}` });
      }
    } catch (error: unknown) {
      if (clientWentAway(error, ctx.req)) {
        // Nobody is left to answer; logged as an event, not as the relay's error.
        logger.info({ method: ctx.method, path: ctx.path }, 'client went away mid-request');
        ctx.status = statusOf('bad_request');
        ctx.body = errorBody({ kind: 'bad_request', message: 'the request was cut off' });
        return;
      }
      const status = (error as { status?: unknown; expose?: unknown }).status;
      const expose = (error as { expose?: unknown }).expose === true;
      const kind = typeof status === 'number' ? kindForStatus(status) : 'internal';
      if (kind === 'internal') {
        logger.error({ err: error, method: ctx.method, path: ctx.path }, 'request failed');
      }
      const message =
        kind === 'internal'
          ? 'internal error'
          : expose && error instanceof Error
            ? error.message
            : kind.replace(/_/g, ' ');
      ctx.status = statusOf(kind);
      ctx.body = errorBody({ kind, message });
    }
  };
