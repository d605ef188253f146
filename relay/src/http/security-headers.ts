// Headers every response carries, and who may call from another origin.
// Two Content-Security-Policies: the app's pages get one that allows exactly what the PWA does (its
// own scripts and workers, wasm for Automerge, blob: URLs for previews and downloads, its own /sync
// WebSocket); everything else (the API, chunk and file downloads) is never a page, so it gets the
// strictest one: nothing loads, nothing runs, and a file opened directly is sandboxed.
// CORS: the relay serves the app itself, so by default no other origin may read its answers; a
// deployment that hosts the app elsewhere names that origin in APP_ORIGINS.
import type { IncomingMessage } from 'node:http';
import type { Middleware } from 'koa';

export const INERT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

/** The app's policy; `host` is the Host the page was asked for, so the WebSocket stays same-origin. */
export function appCsp(host: string, secure: boolean): string {
  const ws = `${secure ? 'wss' : 'ws'}://${host}`;
  return [
    "default-src 'self'",
    // Automerge is wasm: compiling it needs 'wasm-unsafe-eval' (not 'unsafe-eval').
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    `connect-src 'self' ${ws}`,
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "frame-src 'self' blob:",
    "style-src 'self'",
    "font-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export type OriginPolicy = {
  /** Origins other than the relay's own whose pages may call it (a separately hosted app). */
  readonly appOrigins: readonly string[];
};

/** The origin a request came from when a browser says so, and whether it is the relay's own. */
export function originAllowed(req: Pick<IncomingMessage, 'headers'>, policy: OriginPolicy, secure: boolean): boolean {
  const origin = req.headers.origin;
  // Browsers always send Origin on cross-origin requests and WebSocket upgrades; other clients don't.
  if (origin === undefined) return true;
  const own = `${secure ? 'https' : 'http'}://${req.headers.host ?? ''}`;
  return origin === own || policy.appOrigins.includes(origin);
}

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, DELETE, PATCH';
const ALLOWED_HEADERS = 'authorization, content-type, range, if-range';

export function securityHeaders(policy: OriginPolicy, options: { secure: boolean } = { secure: false }): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    ctx.set('Cross-Origin-Resource-Policy', 'same-origin');
    ctx.set('Content-Security-Policy', ctx.path.startsWith('/api/') ? INERT_CSP : appCsp(ctx.host, options.secure));
    if (options.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');

    const origin = ctx.get('origin');
    if (origin !== '' && policy.appOrigins.includes(origin)) {
      ctx.vary('Origin');
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Expose-Headers', 'content-range, content-disposition, etag, retry-after');
      // The app's pages elsewhere must be able to read API answers across origins.
      ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
      if (ctx.method === 'OPTIONS') {
        ctx.set('Access-Control-Allow-Methods', ALLOWED_METHODS);
        ctx.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        ctx.set('Access-Control-Max-Age', '600');
        ctx.status = 204;
        return;
      }
    }
    await next();
  };
}
