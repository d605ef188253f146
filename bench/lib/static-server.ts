// Serves a built bench page from a folder on 127.0.0.1, port 0: just enough HTTP for Chromium to
// load an index.html, its module scripts and module workers.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.js';

export type StaticServer = LoopbackServer;

/** Module scripts and workers are refused by Chromium without a JavaScript MIME type. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

export function startStaticServer(folder: string): Promise<StaticServer> {
  const root = normalize(folder + sep);
  return startLoopbackServer((req, res) => serveFile(root, req, res));
}

async function serveFile(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://bench').pathname);
  const path = normalize(join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
  // normalize() has resolved any `..`, so a path outside the folder is a traversal attempt.
  const size = path.startsWith(root) && req.method === 'GET' ? await fileSize(path) : undefined;
  if (size === undefined) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, {
    'content-type': MIME_TYPES[extname(path)] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': 'no-store',
  });
  // A reader that goes away mid-file is no error worth reporting in a benchmark.
  await pipeline(createReadStream(path), res).catch(() => undefined);
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}
