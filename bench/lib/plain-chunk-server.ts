// The baseline for relay.put: the least a server can do with a chunk upload. Plain node:http, the
// body piped into a file named after the URL, no framework, no auth check, no hash check, no fsync,
// no index. The same client talks to it as to the relay, and it answers the same JSON, so the ratio
// is the price of everything the relay adds (Koa, auth, streaming SHA-256, fsync, rename, SQLite).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.js';

export type PlainChunkServer = LoopbackServer;

const CHUNK_PATH = /^\/api\/v1\/chunks\/([0-9a-f]{64})$/;

/** Serves `PUT /api/v1/chunks/{sha256}` on 127.0.0.1, port 0, writing each body to `dir/{sha256}`. */
export function startPlainChunkServer(dir: string): Promise<PlainChunkServer> {
  return startLoopbackServer((req, res) => storeChunk(dir, req, res));
}

async function storeChunk(dir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const hash = CHUNK_PATH.exec(req.url ?? '')?.[1];
  if (req.method !== 'PUT' || hash === undefined) {
    res.writeHead(404).end();
    return;
  }
  const file = createWriteStream(join(dir, hash));
  try {
    await pipeline(req, file);
  } catch (error) {
    // Reported to the client, which fails the run: a baseline that lost bytes must not count.
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    return;
  }
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ hash, size: file.bytesWritten, stored: true }));
}
