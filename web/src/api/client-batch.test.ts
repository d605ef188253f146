// The batched transfer calls of the API client against a fake fetch: the chunk batch's framing is
// read back with the relay's own reader, and answers are checked against what was sent.
import { describe, expect, it } from 'vitest';
import { toHex } from '@sheaf/shared/hex';
import { ChunkHash } from '@sheaf/shared/ids';
import { MAX_BATCH_CHUNKS, MAX_CHUNK_BYTES, MAX_BATCH_BYTES } from '@sheaf/shared/protocol/chunk-batch';
import { ChunkBatchReader } from '@sheaf/shared/protocol/chunk-batch-reader';
import { createApiClient } from './client.js';

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<ChunkHash> {
  return ChunkHash.parse(toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))));
}

/** A client whose fetch records each request and answers with `answer(body)`. */
function clientAnswering(answer: (body: Uint8Array) => unknown) {
  const sent: Array<{ url: string; method: string; body: Uint8Array; type: string | null }> = [];
  const api = createApiClient({
    token: () => 'token',
    fetch: async (input, init) => {
      const body = new Uint8Array(await new Response(init?.body ?? null).arrayBuffer());
      sent.push({
        url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
        method: init?.method ?? 'GET',
        body,
        type: new Headers(init?.headers).get('content-type'),
      });
      return Response.json(answer(body));
    },
  });
  return { api, sent };
}

async function framesOf(body: Uint8Array): Promise<Array<{ hash: string; bytes: number[] }>> {
  async function* once(): AsyncGenerator<Uint8Array> {
    yield body;
    await Promise.resolve();
  }
  const reader = new ChunkBatchReader(once(), {
    maxChunkBytes: MAX_CHUNK_BYTES,
    maxBatchBytes: MAX_BATCH_BYTES,
    maxChunks: MAX_BATCH_CHUNKS,
  });
  const frames: Array<{ hash: string; bytes: number[] }> = [];
  for (;;) {
    const next = await reader.next();
    if (!next.ok) throw new Error(next.error.kind);
    if (next.value === undefined) return frames;
    const bytes: number[] = [];
    for await (const piece of next.value.bytes) bytes.push(...piece);
    frames.push({ hash: next.value.hash, bytes });
  }
}

describe('putChunkBatch', () => {
  it('sends each chunk as hash, length and bytes, in order, and answers what the relay stored', async () => {
    const contents = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(5000).fill(7)];
    const chunks = await Promise.all(contents.map(async (c) => ({ hash: await sha256(c), bytes: new Blob([c]) })));
    const answer = {
      chunks: chunks.map((c, i) => ({ hash: c.hash, size: contents[i]?.byteLength ?? 0, stored: true })),
    };
    const { api, sent } = clientAnswering(() => answer);
    const result = await api.putChunkBatch(chunks);
    expect(result).toStrictEqual({ ok: true, value: answer });
    expect(sent.map((s) => [s.url, s.method, s.type])).toEqual([
      ['/api/v1/chunks/batch', 'POST', 'application/vnd.sheaf.chunk-batch'],
    ]);
    const body = sent[0]?.body ?? new Uint8Array();
    expect(body.byteLength).toBe(3 * 36 + 3 + 0 + 5000);
    expect(await framesOf(body)).toStrictEqual(
      chunks.map((c, i) => ({ hash: c.hash, bytes: [...(contents[i] ?? [])] })),
    );
  });

  it('refuses an answer about other chunks than were sent', async () => {
    const bytes = new Uint8Array([9]);
    const hash = await sha256(bytes);
    const other = await sha256(new Uint8Array([8]));
    const { api } = clientAnswering(() => ({ chunks: [{ hash: other, size: 1, stored: true }] }));
    const result = await api.putChunkBatch([{ hash, bytes: new Blob([bytes]) }]);
    expect(result.ok ? undefined : result.error.kind).toBe('unexpected_response');
  });

  it('sends nothing for a batch over the limits', async () => {
    const { api, sent } = clientAnswering(() => ({ chunks: [] }));
    const hash = await sha256(new Uint8Array(0));
    const tooMany = Array.from({ length: MAX_BATCH_CHUNKS + 1 }, () => ({ hash, bytes: new Blob([]) }));
    const result = await api.putChunkBatch(tooMany);
    expect(result.ok ? undefined : result.error.kind).toBe('bad_request');
    expect(sent).toEqual([]);
  });
});

describe('commitFiles', () => {
  it('posts the files as JSON and parses the per-file answers', async () => {
    const hash = await sha256(new Uint8Array([1]));
    const answer = { files: [{ error: { kind: 'conflict', message: '1 of the chunks have not been uploaded' } }] };
    const { api, sent } = clientAnswering(() => answer);
    const files = [{ name: 'a.txt', manifest: { size: 1, chunks: [{ hash, size: 1 }] } }];
    expect(await api.commitFiles({ files })).toStrictEqual({ ok: true, value: answer });
    expect(sent[0]?.url).toBe('/api/v1/files/commit-batch');
    expect(JSON.parse(new TextDecoder().decode(sent[0]?.body))).toStrictEqual({ files });
    expect((await api.commitFiles({ files: [] })).ok).toBe(false);
  });
});
