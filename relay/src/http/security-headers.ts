// Headers every response carries; the full Content-Security-Policy comes with the security issue.
import type { Middleware } from 'koa';

export const securityHeaders: Middleware = async (ctx, next) => {
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('Content-Security-Policy', "frame-ancestors 'none'");
  ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
  await next();
};
