// Test helpers for the drive routes: an automerge-repo client of a user's drive (a device that writes
// operations the way the web app does), and typed calls of the REST API.
import { randomBytes } from 'node:crypto';
import { ImmutableString, Repo, type DocHandle } from '@automerge/automerge-repo';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import type { z } from 'zod';
import { readOps, writeOps, type DriveDocument } from '@sheaf/shared/drive/drive-document';
import { DriveReplica, type Command } from '@sheaf/shared/drive/drive-replica';
import { ActorId } from '@sheaf/shared/drive/op-id';
import type { DriveOp } from '@sheaf/shared/drive/ops';
import { SyncChangesResponse, type Change } from '@sheaf/shared/protocol/sync-changes';
import { automergeUrl } from './test-relay.js';

export type DriveUser = { readonly token: string; readonly driveUrl: string; readonly userId: string };

export type DriveClient = {
  readonly repo: Repo;
  readonly handle: DocHandle<DriveDocument>;
  readonly replica: DriveReplica;
  /** Runs a command on this device and writes its operations into the document. */
  run(command: Command): DriveOp[];
  /** Takes every operation the document holds now into the replica (others' edits). */
  catchUp(): void;
  close(): Promise<void>;
};

export async function openDriveClient(relayUrl: string, user: DriveUser, actor: string): Promise<DriveClient> {
  const ws = `${relayUrl.replace('http', 'ws')}/sync?token=${encodeURIComponent(user.token)}`;
  const repo = new Repo({ network: [new WebSocketClientAdapter(ws, 200)] });
  const handle = await repo.find<DriveDocument>(automergeUrl(user.driveUrl), { signal: AbortSignal.timeout(10_000) });
  const replica = new DriveReplica(ActorId.parse(actor), {
    userId: user.userId,
    device: `${actor}'s device`,
    now: () => Date.now(),
    random: (n) => new Uint8Array(randomBytes(n)),
  });
  const catchUp = (): void => void replica.receive(readOps(handle.doc()).ops);
  catchUp();
  return {
    repo,
    handle,
    replica,
    catchUp,
    run(command) {
      const made = replica.run(command);
      if (!made.ok) throw new Error(made.error.message);
      handle.change((doc) => writeOps(doc, made.value, (text) => new ImmutableString(text)));
      return made.value;
    },
    close: () => repo.shutdown(),
  };
}

/** Polls until `check` answers something other than undefined. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export type Api = {
  /** Sends a request; answers the status and the parsed JSON body (undefined when there is none). */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  /** Sends a request that must succeed and parses its body with `schema`. */
  ok<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown): Promise<z.output<S>>;
  /** One page of the change feed. */
  changes(cursor: string, limit?: number): Promise<SyncChangesResponse>;
  /** Pages from `cursor` until the feed says nothing more follows. */
  drain(cursor: string, limit?: number): Promise<{ changes: Change[]; cursor: string }>;
};

export function api(relayUrl: string, token: string): Api {
  const call: Api['call'] = async (method, path, body) => {
    const res = await fetch(`${relayUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const json: unknown = text === '' ? undefined : JSON.parse(text);
    return { status: res.status, json };
  };
  const ok: Api['ok'] = async (schema, method, path, body) => {
    const { status, json } = await call(method, path, body);
    if (status >= 300) throw new Error(`${method} ${path} answered ${status}: ${JSON.stringify(json)}`);
    return schema.parse(json);
  };
  const changes: Api['changes'] = (cursor, limit = 100) =>
    ok(
      SyncChangesResponse,
      'GET',
      `/api/v1/sync/changes?lastSyncTimestamp=${encodeURIComponent(cursor)}&limit=${limit}`,
    );
  return {
    call,
    ok,
    changes,
    async drain(cursor, limit) {
      const all: Change[] = [];
      let at = cursor;
      for (;;) {
        const page = await changes(at, limit);
        all.push(...page.changes);
        at = page.nextSyncTimestamp;
        if (!page.hasMore) return { changes: all, cursor: at };
      }
    },
  };
}
