// Serves the built PWA. Hashed assets are cached for a year; the shell and the service worker are
// revalidated every time so that a deploy is picked up (the SW then decides when to switch).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';

const NO_CACHE = new Set(['/index.html', '/sw.js', '/registerSW.js', '/manifest.webmanifest']);

export function staticApp(webDir: string): Middleware {
  const available = existsSync(join(webDir, 'index.html'));
  return async (ctx, next) => {
    if (!available || (ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path.startsWith('/api/')) {
      await next();
      return;
    }
    const setHeaders = (res: { setHeader(name: string, value: string): void }, path: string): void => {
      const relative = path.slice(webDir.length).replaceAll('\\', '/');
      res.setHeader(
        'Cache-Control',
        NO_CACHE.has(relative)
          ? 'no-cache'
          : relative.startsWith('/assets/')
            ? 'public, max-age=31536000, immutable'
            : 'public, max-age=3600',
      );
    };
    try {
      await send(ctx, ctx.path === '/' ? '/index.html' : ctx.path, { root: webDir, setHeaders, hidden: false });
      return;
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
    // Client-side routes fall back to the shell; a missing asset stays a 404.
    if (ctx.accepts('html') === 'html' && !/\.[a-z0-9]+$/i.test(ctx.path)) {
      await send(ctx, '/index.html', { root: webDir, setHeaders });
      return;
    }
    await next();
  };
}
