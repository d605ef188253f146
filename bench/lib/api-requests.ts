// The requests the transfer.* benchmarks make besides chunk PUTs (chunk-upload.ts): JSON calls
// parsed with the protocol's own schemas, a whole small file in one PUT, and a download hashed as it
// streams. node:http over a keep-alive agent the caller owns, the same code for ours and the baseline.
import { createHash } from 'node:crypto';
import { request, type Agent } from 'node:http';
import { ChunksMissingResponse, type ChunksMissingRequest } from '@sheaf/shared/protocol/chunks-missing';
import { FileCommitResponse, type FileCommitRequest } from '@sheaf/shared/protocol/file-commit';
import { FileCommitBatchResponse, type FileCommitBatchRequest } from '@sheaf/shared/protocol/file-commit-batch';
import { CHUNK_BATCH_CONTENT_TYPE, ChunkBatchResponse, encodeChunkBatch } from '@sheaf/shared/protocol/chunk-batch';
import type { ChunkHash } from '@sheaf/shared/ids';

export type ApiTarget = {
  /** Origin of the server, e.g. `http://127.0.0.1:40123`. */
  readonly baseUrl: string;
  readonly token: string;
  readonly signal: AbortSignal;
};

type Answer = { readonly status: number; readonly text: string };

/** Sends `body` (JSON or bytes) and reads the whole answer; only statuses are left to the caller. */
function send(
  agent: Agent,
  target: ApiTarget,
  method: 'POST' | 'PUT',
  path: string,
  body: Buffer,
  contentType: string,
): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      new URL(path, target.baseUrl),
      {
        method,
        agent,
        signal: target.signal,
        headers: {
          authorization: `Bearer ${target.token}`,
          'content-type': contentType,
          'content-length': body.byteLength,
        },
      },
      (res) => {
        const pieces: Buffer[] = [];
        res.on('data', (piece: Buffer) => pieces.push(piece));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(pieces).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const postJson = (agent: Agent, target: ApiTarget, path: string, body: unknown): Promise<Answer> =>
  send(agent, target, 'POST', path, Buffer.from(JSON.stringify(body)), 'application/json');

const failure = (what: string, answer: Answer): Error =>
  new Error(`${what} answered ${answer.status}: ${answer.text.slice(0, 300)}`);

/** `POST /api/v1/chunks/missing`: which of `hashes` the server lacks. */
export async function missingChunks(
  agent: Agent,
  target: ApiTarget,
  request: ChunksMissingRequest,
): Promise<readonly string[]> {
  const answer = await postJson(agent, target, '/api/v1/chunks/missing', request);
  if (answer.status !== 200) throw failure('POST /chunks/missing', answer);
  return ChunksMissingResponse.parse(JSON.parse(answer.text)).missing;
}

/** `POST /api/v1/files/commit`: records a file from uploaded chunks; expects 201. */
export async function commitFile(
  agent: Agent,
  target: ApiTarget,
  request: FileCommitRequest,
): Promise<FileCommitResponse> {
  const answer = await postJson(agent, target, '/api/v1/files/commit', request);
  if (answer.status !== 201) throw failure(`POST /files/commit ${request.name}`, answer);
  return FileCommitResponse.parse(JSON.parse(answer.text));
}

/** `POST /api/v1/chunks/batch`: many chunks in one body; rejects unless every chunk is answered as stored. */
export async function putChunkBatch(
  agent: Agent,
  target: ApiTarget,
  chunks: ReadonlyArray<{ readonly hash: ChunkHash; readonly bytes: Uint8Array }>,
): Promise<void> {
  const body = Buffer.concat(encodeChunkBatch(chunks));
  const answer = await send(agent, target, 'POST', '/api/v1/chunks/batch', body, CHUNK_BATCH_CONTENT_TYPE);
  if (answer.status !== 200) throw failure(`POST /chunks/batch of ${chunks.length}`, answer);
  const stored = ChunkBatchResponse.parse(JSON.parse(answer.text)).chunks;
  const wrong = stored.findIndex((c, i) => c.hash !== chunks[i]?.hash || c.size !== chunks[i]?.bytes.byteLength);
  if (stored.length !== chunks.length || wrong >= 0) throw failure('POST /chunks/batch answered other chunks', answer);
}

/** `POST /api/v1/files/commit-batch`: records many files; rejects unless every file is recorded. */
export async function commitFiles(
  agent: Agent,
  target: ApiTarget,
  request: FileCommitBatchRequest,
): Promise<FileCommitResponse[]> {
  const answer = await postJson(agent, target, '/api/v1/files/commit-batch', request);
  if (answer.status !== 200) throw failure(`POST /files/commit-batch of ${request.files.length}`, answer);
  const files = FileCommitBatchResponse.parse(JSON.parse(answer.text)).files;
  return files.map((file) => {
    if ('error' in file) throw new Error(`a file of the batch was refused: ${file.error.kind}: ${file.error.message}`);
    return file;
  });
}

/** `PUT /api/v1/files/{name}` on the plain server: a whole small file in one request; expects 201. */
export async function putWholeFile(agent: Agent, target: ApiTarget, name: string, bytes: Buffer): Promise<void> {
  const answer = await send(agent, target, 'PUT', `/api/v1/files/${name}`, bytes, 'application/octet-stream');
  if (answer.status !== 201) throw failure(`PUT /files/${name}`, answer);
}

export type Downloaded = { readonly bytes: number; readonly sha256: string };

/** GETs `path` and hashes the body as it streams, holding no more than one piece of it. */
export function downloadHashed(agent: Agent, target: ApiTarget, path: string): Promise<Downloaded> {
  return new Promise<Downloaded>((resolve, reject) => {
    const req = request(
      new URL(path, target.baseUrl),
      { method: 'GET', agent, signal: target.signal, headers: { authorization: `Bearer ${target.token}` } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`GET ${path} answered ${res.statusCode}`));
          return;
        }
        const hasher = createHash('sha256');
        let bytes = 0;
        res.on('data', (piece: Buffer) => {
          bytes += piece.length;
          hasher.update(piece);
        });
        res.on('error', reject);
        res.on('end', () => resolve({ bytes, sha256: hasher.digest('hex') }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
