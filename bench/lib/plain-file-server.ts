// The baseline for the transfer.* benchmarks: the least a server can do with the relay's upload and
// download requests. Plain node:http, no framework, no auth check, no hash check, no database: each
// body goes to a file of its own and is fsynced before the answer (the relay fsyncs every chunk, so
// a baseline that did not would be measuring the page cache). It answers the relay's JSON shapes, so
// that the same client talks to both.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.js';

const CHUNK_PATH = /^\/api\/v1\/chunks\/([0-9a-f]{64})$/;
const FILE_PATH = /^\/api\/v1\/files\/([A-Za-z0-9._-]{1,128})$/;
const DOWNLOAD_PATH = /^\/api\/v1\/files\/([A-Za-z0-9._-]{1,128})\/download$/;
/** 10,000 hashes of JSON are ~700 KB; the relay's own JSON limit is 1 MiB. */
const JSON_LIMIT = 2 * 1024 * 1024;

/**
 * Serves on 127.0.0.1, port 0, under `dir`:
 * - `POST /api/v1/chunks/missing {hashes}` → the hashes it has not stored (a set in memory);
 * - `PUT /api/v1/chunks/{sha256}` → `chunks/{sha256}`, fsynced;
 * - `POST /api/v1/files/commit {name, manifest}` → the manifest as JSON in `manifests/{n}`, fsynced;
 * - `PUT /api/v1/files/{name}` → `files/{name}`, fsynced (a whole small file in one request);
 * - `GET /api/v1/files/{name}/download` → streams `files/{name}`.
 */
export async function startPlainFileServer(dir: string): Promise<LoopbackServer> {
  for (const sub of ['chunks', 'manifests', 'files']) await mkdir(join(dir, sub), { recursive: true });
  const stored = new Set<string>();
  let commits = 0;
  return startLoopbackServer(async (req, res) => {
    try {
      const path = req.url ?? '';
      const chunk = CHUNK_PATH.exec(path)?.[1];
      const file = FILE_PATH.exec(path)?.[1];
      const download = DOWNLOAD_PATH.exec(path)?.[1];
      if (req.method === 'POST' && path === '/api/v1/chunks/missing') {
        const { hashes } = (await readJson(req)) as { hashes: string[] };
        answer(res, 200, { missing: hashes.filter((hash) => !stored.has(hash)) });
      } else if (req.method === 'PUT' && chunk !== undefined) {
        const size = await writeSynced(req, join(dir, 'chunks', chunk));
        stored.add(chunk);
        answer(res, 200, { hash: chunk, size, stored: true });
      } else if (req.method === 'POST' && path === '/api/v1/files/commit') {
        const body = (await readJson(req)) as { name: string; manifest: { size: number } };
        commits += 1;
        await writeSynced([Buffer.from(JSON.stringify(body))], join(dir, 'manifests', String(commits)));
        const hex = commits.toString(16).padStart(32, '0');
        answer(res, 201, {
          fileId: `f_${hex}`,
          name: body.name,
          size: body.manifest.size,
          version: 1,
          versionId: `${String(commits).padStart(12, '0')}@plain`,
          uploadedAt: new Date().toISOString(),
        });
      } else if (req.method === 'PUT' && file !== undefined) {
        const size = await writeSynced(req, join(dir, 'files', file));
        answer(res, 201, { name: file, size });
      } else if (req.method === 'GET' && download !== undefined) {
        const source = join(dir, 'files', download);
        const { size } = await stat(source);
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
        await pipeline(createReadStream(source), res);
      } else {
        answer(res, 404, { error: { kind: 'not_found', message: 'no such route' } });
      }
    } catch (error) {
      // Reported to the client, which fails the run: a baseline that lost bytes must not count.
      if (!res.headersSent) answer(res, 500, { error: { kind: 'internal', message: String(error) } });
      else res.destroy();
    }
  });
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const pieces: Buffer[] = [];
  let size = 0;
  for await (const piece of req as AsyncIterable<Buffer>) {
    size += piece.length;
    if (size > JSON_LIMIT) throw new Error(`a JSON body over ${JSON_LIMIT} bytes`);
    pieces.push(piece);
  }
  return JSON.parse(Buffer.concat(pieces).toString('utf8'));
}

/** Writes the body to `path` as it arrives; `flush` fsyncs the file before the stream closes. */
async function writeSynced(body: AsyncIterable<Uint8Array> | Uint8Array[], path: string): Promise<number> {
  const file = createWriteStream(path, { flush: true });
  await pipeline(body, file);
  return file.bytesWritten;
}
