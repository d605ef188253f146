// One change per drive operation, saying what that operation set; times always valid ISO 8601.
import { describe, expect, it } from 'vitest';
import {
  addVersion,
  createFile,
  createFolder,
  move,
  purge,
  rename,
  restore,
  trash,
} from '@sheaf/shared/drive/drive-commands';
import { ROOT } from '@sheaf/shared/drive/node-id';
import type { DriveOp } from '@sheaf/shared/drive/ops';
import { testContent, testReplica } from '@sheaf/shared/drive/testing';
import { Change } from '@sheaf/shared/protocol/sync-changes';
import { changeOf } from './change-feed.js';

const r = testReplica('feed');
const run = (command: Parameters<typeof r.run>[0]): DriveOp[] => {
  const made = r.run(command);
  if (!made.ok) throw new Error(made.error.message);
  return made.value;
};

describe('changeOf', () => {
  it('maps every kind of operation with the fields it set', () => {
    const [folder] = run((a, t) => createFolder(a, t, ROOT, 'Box'));
    const [file] = run((a, t) => createFile(a, t, ROOT, 'a.txt', testContent('one', 7)));
    if (folder === undefined || file === undefined) throw new Error('nothing made');
    const ops = [
      folder,
      file,
      ...run((a, t) => move(a, t, file.node, folder.node)),
      ...run((a, t) => rename(a, t, file.node, 'b.txt')),
      ...run((a, t) => addVersion(a, t, file.node, testContent('two', 9))),
      ...run((a, t) => trash(a, t, file.node)),
      ...run((a, t) => restore(a, t, file.node)),
      ...run((a, t) => trash(a, t, file.node)),
      ...run((a, t) => purge(a, t, file.node)),
    ];
    const changes = ops.map((op) => Change.parse(changeOf(op)));
    expect(changes.map((c) => c.operation)).toEqual([
      'created',
      'created',
      'moved',
      'renamed',
      'edited',
      'trashed',
      'restored',
      'trashed',
      'purged',
    ]);
    expect(changes[1]?.metadata).toMatchObject({ name: 'a.txt', parentId: ROOT, kind: 'file', size: 7 });
    expect(changes[2]?.metadata).toEqual({ parentId: folder.node, by: 'u_test', device: "feed's laptop" });
    expect(changes[3]?.metadata).toEqual({ name: 'b.txt', by: 'u_test', device: "feed's laptop" });
    expect(changes[4]?.metadata).toMatchObject({ size: 9, contentHash: testContent('two').hash });
    expect(changes.every((c, i) => c.changeId === ops[i]?.id && c.fileId === ops[i]?.node)).toBe(true);
  });

  it('gives a valid ISO time even for a broken clock', () => {
    const [op] = run((a, t) => createFolder(a, t, ROOT, 'Late'));
    if (op === undefined) throw new Error('nothing made');
    for (const at of [0, Date.UTC(2026, 0, 1), 8.64e15, Number.MAX_SAFE_INTEGER]) {
      expect(Change.parse(changeOf({ ...op, at })).timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
  });
});
