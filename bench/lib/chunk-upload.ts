// The one HTTP client both sides of relay.put are measured with: chunk PUTs over keep-alive
// connections, a fixed number in flight. node:http rather than fetch, so that the body goes to the
// socket as the Buffer it is, without a stream wrapper on our side of the comparison.
import { Agent, request } from 'node:http';
import { ChunkPutResponse } from '@sheaf/shared/protocol/chunk-put';

export type UploadChunk = { readonly hash: string; readonly bytes: Buffer };

export type UploadOptions = {
  /** Origin of the server, e.g. `http://127.0.0.1:40123`. */
  readonly baseUrl: string;
  readonly token: string;
  readonly concurrency: number;
  readonly signal: AbortSignal;
};

/** PUTs every chunk to `/api/v1/chunks/{hash}`; rejects on the first answer that is not a 200 for that chunk. */
export async function uploadChunks(chunks: readonly UploadChunk[], options: UploadOptions): Promise<void> {
  // One socket per lane, kept open: the comparison is about storing bytes, not TCP handshakes.
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < chunks.length; i = next++) {
      options.signal.throwIfAborted();
      const chunk = chunks[i];
      if (chunk !== undefined) await putChunk(chunk, agent, options);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, lane));
  } finally {
    agent.destroy();
  }
}

/** One chunk PUT over `agent`; rejects unless the answer is a 200 naming this chunk and its size. */
export function putChunk(
  chunk: UploadChunk,
  agent: Agent,
  options: Pick<UploadOptions, 'baseUrl' | 'token' | 'signal'>,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const req = request(
      new URL(`/api/v1/chunks/${chunk.hash}`, options.baseUrl),
      {
        method: 'PUT',
        agent,
        signal: options.signal,
        headers: {
          authorization: `Bearer ${options.token}`,
          'content-type': 'application/octet-stream',
          'content-length': chunk.bytes.byteLength,
        },
      },
      (res) => {
        const pieces: Buffer[] = [];
        res.on('data', (piece: Buffer) => pieces.push(piece));
        res.on('error', reject);
        res.on('end', () => {
          const problem = checkAnswer(chunk, res.statusCode, Buffer.concat(pieces).toString('utf8'));
          if (problem === undefined) resolve();
          else reject(problem);
        });
      },
    );
    req.on('error', reject);
    req.end(chunk.bytes);
  });
}

/**
 * Why an answer is not a stored chunk, or undefined when it is. Parsed like the app's client would,
 * so that a server answering garbage cannot look fast. Returns rather than throws: it runs inside a
 * stream callback, where a throw would take the process down.
 */
function checkAnswer(chunk: UploadChunk, status: number | undefined, text: string): Error | undefined {
  const label = `PUT ${chunk.hash.slice(0, 12)}…`;
  if (status !== 200) return new Error(`${label} answered ${status}: ${text.slice(0, 200)}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new Error(`${label} answered JSON that does not parse: ${text.slice(0, 200)}`);
  }
  const parsed = ChunkPutResponse.safeParse(body);
  if (!parsed.success || parsed.data.hash !== chunk.hash || parsed.data.size !== chunk.bytes.byteLength) {
    return new Error(`${label} answered an unexpected body: ${text.slice(0, 200)}`);
  }
  return undefined;
}
