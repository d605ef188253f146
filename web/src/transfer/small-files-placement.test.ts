import { describe, expect, it } from 'vitest';
import * as commands from '@sheaf/shared/drive/drive-commands';
import { ROOT, type NodeId } from '@sheaf/shared/drive/node-id';
import { testContent, testReplica } from '@sheaf/shared/drive/testing';
import { ok, type Result } from '@sheaf/shared/result';
import { placeUploadsCommand } from './small-files-placement.js';
import type { Placement, UploadToPlace } from './upload-queue.js';

function drive() {
  const replica = testReplica('a');
  const place = (uploads: readonly UploadToPlace[]) => {
    const placed: Array<Result<Placement, string>> = [];
    const ran = replica.run(placeUploadsCommand(uploads, placed));
    return { ops: ran.ok ? ran.value.length : -1, placed };
  };
  const files = (folder: NodeId) =>
    replica
      .tree()
      .children(folder)
      .filter((n) => n.kind === 'file')
      .map((n) => `${n.name}:${n.versions.length}`);
  return { replica, place, files };
}

describe('placing a batch of uploads', () => {
  it('makes new files in one command', () => {
    const d = drive();
    const { ops, placed } = d.place(
      ['a.txt', 'b.txt', 'c.txt'].map((name, i) => ({ folder: ROOT, name, content: testContent(i) })),
    );
    expect(ops).toBe(3);
    expect(placed).toEqual([ok('created'), ok('created'), ok('created')]);
    expect(d.files(ROOT)).toEqual(['a.txt:1', 'b.txt:1', 'c.txt:1']);
  });

  it('adds a version to a file of the same name, and nothing for the same bytes', () => {
    const d = drive();
    d.place([
      { folder: ROOT, name: 'a.txt', content: testContent('one') },
      { folder: ROOT, name: 'b.txt', content: testContent('b') },
    ]);
    const { placed } = d.place([
      { folder: ROOT, name: 'A.TXT', content: testContent('two') },
      { folder: ROOT, name: 'b.txt', content: testContent('b') },
    ]);
    expect(placed).toEqual([ok('version'), ok('unchanged')]);
    expect(d.files(ROOT)).toEqual(['a.txt:2', 'b.txt:1']);
  });

  it('places a name given twice in one batch as two uploads one after the other would', () => {
    const batched = drive();
    const uploads = [
      { folder: ROOT, name: 'a.txt', content: testContent('one') },
      { folder: ROOT, name: 'a.txt', content: testContent('two') },
      { folder: ROOT, name: 'a.txt', content: testContent('two') },
    ];
    expect(batched.place(uploads).placed).toEqual([ok('created'), ok('version'), ok('unchanged')]);
    const oneByOne = drive();
    for (const upload of uploads) oneByOne.place([upload]);
    expect(batched.files(ROOT)).toEqual(oneByOne.files(ROOT));
    expect(batched.files(ROOT)).toEqual(['a.txt:2']);
  });

  it('gives a free name beside a folder of that name, remembering names given in the batch', () => {
    const d = drive();
    d.replica.run((a, t) => commands.createFolder(a, t, ROOT, 'notes'));
    d.place([
      { folder: ROOT, name: 'notes', content: testContent(1) },
      { folder: ROOT, name: 'notes', content: testContent(2) },
    ]);
    expect(d.files(ROOT)).toEqual(['notes (1):1', 'notes (2):1']);
  });

  it('refuses a bad name alone and puts files of a trashed folder in My Drive', () => {
    const d = drive();
    const made = d.replica.run((a, t) => commands.createFolder(a, t, ROOT, 'gone'));
    const folder = made.ok ? made.value[0]?.node : undefined;
    if (folder === undefined) throw new Error('no folder');
    d.replica.run((a, t) => commands.trash(a, t, folder));
    const { placed } = d.place([
      { folder, name: 'kept.txt', content: testContent(1) },
      { folder: ROOT, name: 'a/b', content: testContent(2) },
    ]);
    expect(placed[0]).toEqual(ok('created'));
    expect(placed[1]?.ok).toBe(false);
    expect(d.files(ROOT)).toEqual(['kept.txt:1']);
  });
});
