import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { ErrorBody } from '@sheaf/shared/protocol/error-kind';
import { errorMiddleware } from './error-middleware.js';

const app = new Koa();
app.silent = true;
app.use(errorMiddleware(pino({ level: 'silent' })));
app.use(() => {
  throw new Error('secret detail at /srv/sheaf/internal.ts:42');
});
const handle = app.callback();
const server = createServer((req, res) => void handle(req, res));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('answers a bug with a JSON 500 that tells nothing of the internals, and keeps serving', async () => {
  for (let i = 0; i < 3; i++) {
    const res = await fetch(url);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(ErrorBody.parse(JSON.parse(text))).toEqual({ error: { kind: 'internal', message: 'internal error' } });
    expect(text).not.toContain('secret');
  }
});
