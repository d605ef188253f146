import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import Koa from 'koa';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { ErrorBody } from '@sheaf/shared/protocol/error-kind';
import { errorMiddleware } from './error-middleware.js';

/** What the relay logged, one parsed pino line each. */
const logged: Array<{ level: number; msg: string }> = [];
const logLines = new Writable({
  write(line: Buffer, _encoding, done) {
    logged.push(JSON.parse(line.toString()) as { level: number; msg: string });
    done();
  },
});
/** Called when /upload starts reading a body. */
let uploadStarted = (): void => undefined;
const app = new Koa();
app.silent = true;
app.use(errorMiddleware(pino({ level: 'info' }, logLines)));
app.use(async (ctx) => {
  if (ctx.path === '/upload') {
    // Reads the body as the chunk routes do; a client cut off mid-body makes this throw.
    uploadStarted();
    for await (const piece of ctx.req) void piece;
    ctx.body = 'stored';
    return;
  }
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
  expect(logged.filter((line) => line.level === 50)).toHaveLength(3);
});

it('logs a client that went away mid-body as an event, not as an error, and keeps serving', async () => {
  const before = logged.length;
  const { port } = server.address() as AddressInfo;
  const started = new Promise<void>((resolve) => {
    uploadStarted = resolve;
  });
  const socket = connect(port, '127.0.0.1');
  socket.write('PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n' + 'a'.repeat(1000));
  await started;
  socket.destroy();
  for (let i = 0; i < 100 && logged.length === before; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  const lines = logged.slice(before);
  expect(lines.map((line) => [line.level, line.msg])).toEqual([[30, 'client went away mid-request']]);
  expect((await fetch(`${url}/upload`, { method: 'PUT', body: 'whole' })).status).toBe(200);
});
