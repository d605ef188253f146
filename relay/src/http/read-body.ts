// Bounded request body reading: JSON bodies are small, so they are read whole, but never past the
// route's limit; a body over it is answered 413 without reading the rest.
import type { Context } from 'koa';
import { type Result, err, ok } from '@sheaf/shared/result';
import { fail, type ApiFailure } from './api-error.js';

export const DEFAULT_JSON_LIMIT = 1024 * 1024;

export async function readJsonBody(
  ctx: Context,
  limit: number = DEFAULT_JSON_LIMIT,
): Promise<Result<unknown, ApiFailure>> {
  const declared = Number(ctx.get('content-length') || NaN);
  if (Number.isFinite(declared) && declared > limit) {
    ctx.set('Connection', 'close');
    return err(fail('payload_too_large', `body of ${declared} bytes is over the limit of ${limit}`));
  }
  if (!ctx.is('application/json')) {
    return err(fail('unsupported_media_type', 'expected a JSON body (Content-Type: application/json)'));
  }
  const bytes = await readBounded(ctx.req, limit);
  if (bytes === undefined) {
    ctx.set('Connection', 'close');
    return err(fail('payload_too_large', `body is over the limit of ${limit} bytes`));
  }
  try {
    return ok(JSON.parse(bytes.toString('utf8')) as unknown);
  } catch {
    return err(fail('bad_request', 'malformed JSON body'));
  }
}

/**
 * Reads at most `limit` bytes; undefined when the body is longer. Listeners rather than `for await`,
 * because leaving an async iterator early destroys the socket and the 413 could not be sent.
 */
function readBounded(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onData = (chunk: Buffer | string): void => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > limit) {
        cleanup();
        stream.pause();
        resolve(undefined);
        return;
      }
      parts.push(buf);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(parts));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}
