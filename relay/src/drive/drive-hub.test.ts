// The drive hub's writes and reads of bundles (schema 3): a commit of many files is stored as one
// value, devices read it by sync, the change feed still has one change per operation with its JSON,
// and a device's own bundle reaches the feed and the relay's tree.
import { describe, expect, it } from 'vitest';
import { ImmutableString } from '@automerge/automerge-repo';
import { createFolder } from '@sheaf/shared/drive/drive-commands';
import { readOps, writeOps } from '@sheaf/shared/drive/drive-document';
import { ROOT } from '@sheaf/shared/drive/node-id';
import type { DriveOp } from '@sheaf/shared/drive/ops';
import { FileCommitBatchResponse } from '@sheaf/shared/protocol/file-commit-batch';
import { FileCommitResponse } from '@sheaf/shared/protocol/file-commit';
import { FolderContentsResponse } from '@sheaf/shared/protocol/folder-contents';
import { registerUser } from '../testing/test-relay.js';
import { relayPerFile } from '../testing/relay-per-file.js';
import { api, eventually, openDriveClient } from '../testing/drive-client.js';

const t = relayPerFile();
const { clients } = t;

/** The texts stored in a drive document's shards, as devices receive them. */
const storedTexts = (doc: unknown): string[] => {
  const shards = (doc as { ops: Record<string, Record<string, unknown>> }).ops;
  return Object.values(shards).flatMap((shard) => Object.values(shard).map(String));
};

describe('drive hub bundles', () => {
  it('stores a commit of many files as one bundle, and feeds one change per operation', async () => {
    const user = await registerUser(t.url);
    const rest = api(t.url, user.token);
    const laptop = await openDriveClient(t.url, user, 'bundle-laptop');
    clients.push(laptop);
    const files = Array.from({ length: 40 }, (_, i) => ({ name: `f${i}.txt`, manifest: { size: 0, chunks: [] } }));
    const answer = await rest.call('POST', '/api/v1/files/commit-batch', { files });
    expect(answer.status).toBe(200);
    const made = FileCommitBatchResponse.parse(answer.json).files.map((r) => FileCommitResponse.parse(r));

    const ops = await eventually(() => {
      const read = readOps(laptop.handle.doc());
      return read.ops.length === 40 ? read : undefined;
    });
    expect(ops.skipped).toEqual([]);
    expect(new Set(ops.ops.map((op) => op.node))).toEqual(new Set(made.map((f) => f.fileId)));
    const bundles = storedTexts(laptop.handle.doc()).filter((text) => text.startsWith('['));
    expect(bundles).toHaveLength(1);
    expect(laptop.handle.doc().schemaVersion).toBe(3);

    const feed = await rest.drain('');
    expect(feed.changes.map((c) => c.changeId).sort()).toEqual(ops.ops.map((op) => op.id).sort());
    expect(feed.changes.map((c) => c.metadata.name).sort()).toEqual(files.map((f) => f.name).sort());
  });

  it('reads a bundle a device wrote into its tree and its feed', async () => {
    const user = await registerUser(t.url);
    const rest = api(t.url, user.token);
    const phone = await openDriveClient(t.url, user, 'bundle-phone');
    clients.push(phone);
    const made: DriveOp[] = [];
    for (const name of ['Trips', 'Bills', 'Notes']) {
      const ops = phone.replica.run((a, tree) => createFolder(a, tree, ROOT, name));
      if (!ops.ok) throw new Error(ops.error.message);
      made.push(...ops.value);
    }
    phone.handle.change((d) => {
      writeOps(d, made, (text) => new ImmutableString(text));
    });
    const feed = await eventually(async () => {
      const drained = await rest.drain('');
      return drained.changes.length === made.length ? drained : undefined;
    });
    expect(feed.changes.map((c) => c.changeId).sort()).toEqual(made.map((op) => op.id).sort());
    const listed = await rest.ok(FolderContentsResponse, 'GET', '/api/v1/folders/root/contents');
    expect(listed.folders.map((folder) => folder.name).sort()).toEqual(['Bills', 'Notes', 'Trips']);
  });
});
