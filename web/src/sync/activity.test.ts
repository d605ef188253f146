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
import { DriveReplica, type Command } from '@sheaf/shared/drive/drive-replica';
import { ROOT, type NodeId } from '@sheaf/shared/drive/node-id';
import { ActorId } from '@sheaf/shared/drive/op-id';
import { testContent } from '@sheaf/shared/drive/testing';
import { deriveActivity, type ActivityEntry } from './activity.js';

function must(replica: DriveReplica, command: Command): NodeId {
  const made = replica.run(command);
  if (!made.ok) throw new Error(made.error.message);
  const first = made.value[0];
  if (first === undefined) throw new Error('no operation');
  return first.node;
}

/** A replica whose clock advances one second per command, so that newest-first is checkable. */
function clockedReplica(): DriveReplica {
  let now = Date.UTC(2026, 0, 1);
  return new DriveReplica(ActorId.parse('alpha'), {
    userId: 'u_test',
    device: 'Laptop',
    now: () => (now += 1000),
    random: (n) => crypto.getRandomValues(new Uint8Array(n)),
  });
}

const brief = (e: ActivityEntry): string =>
  [e.kind, e.name, e.from, e.to, e.renamedTo].filter((part) => part !== undefined).join(' | ');

describe('deriveActivity', () => {
  it('tells each change in words, newest first', () => {
    const r = clockedReplica();
    const docs = must(r, (a, t) => createFolder(a, t, ROOT, 'Docs'));
    const file = must(r, (a, t) => createFile(a, t, ROOT, 'notes.txt', testContent('v1')));
    must(r, (a, t) => rename(a, t, file, 'plan.txt'));
    must(r, (a, t) => move(a, t, file, docs));
    must(r, (a, t) => addVersion(a, t, file, testContent('v2')));
    must(r, (a, t) => trash(a, t, file));
    must(r, (a, t) => restore(a, t, file));
    must(r, (a, t) => trash(a, t, file));
    must(r, (a, t) => purge(a, t, file));

    const activity = deriveActivity(r.log.ops(), r.tree());
    expect(activity.map(brief)).toEqual([
      'purged | plan.txt',
      'deleted | plan.txt',
      'restored | plan.txt',
      'deleted | plan.txt',
      'edited | plan.txt',
      'moved | plan.txt | My Drive | Docs',
      'renamed | notes.txt | plan.txt',
      'created | notes.txt | My Drive',
      'created | Docs | My Drive',
    ]);
    expect(activity[0]).toMatchObject({ by: 'u_test', device: 'Laptop', nodeKind: 'file' });
    expect(activity.map((e) => e.at)).toEqual([...activity.map((e) => e.at)].sort((a, b) => b - a));
  });

  it('folds the rename a move makes to avoid a clash into the move', () => {
    const r = clockedReplica();
    const docs = must(r, (a, t) => createFolder(a, t, ROOT, 'Docs'));
    must(r, (a, t) => createFile(a, t, docs, 'a.txt', testContent(1)));
    const other = must(r, (a, t) => createFile(a, t, ROOT, 'a.txt', testContent(2)));
    must(r, (a, t) => move(a, t, other, docs));
    const [latest] = deriveActivity(r.log.ops(), r.tree());
    expect(latest && brief(latest)).toBe('moved | a.txt | My Drive | Docs | a (1).txt');
  });

  it('narrows to one item, and for a folder to what went in or out of it', () => {
    const r = clockedReplica();
    const docs = must(r, (a, t) => createFolder(a, t, ROOT, 'Docs'));
    const inside = must(r, (a, t) => createFile(a, t, docs, 'in.txt', testContent(1)));
    const outside = must(r, (a, t) => createFile(a, t, ROOT, 'out.txt', testContent(2)));
    must(r, (a, t) => addVersion(a, t, outside, testContent(3)));
    const forFile = deriveActivity(r.log.ops(), r.tree(), { node: outside });
    expect(forFile.map(brief)).toEqual(['edited | out.txt', 'created | out.txt | My Drive']);
    const forFolder = deriveActivity(r.log.ops(), r.tree(), { node: docs });
    expect(forFolder.map((e) => e.node)).toEqual([inside, docs]);
  });
});
