import { describe, expect, it } from 'vitest';
import * as commands from '@sheaf/shared/drive/drive-commands';
import type { DriveTree } from '@sheaf/shared/drive/drive-tree';
import { ROOT, type NodeId } from '@sheaf/shared/drive/node-id';
import { testContent, testReplica } from '@sheaf/shared/drive/testing';
import { planFolders, relativePath, type PickedFile } from './folder-plan.js';
import { folderTreeCommand, type FolderTreeMade } from './folder-tree.js';

const picked = (...paths: string[]): PickedFile[] => paths.map((path) => ({ file: new File([path], 'x'), path }));

/** Paths of the folders below `folder`, as a sorted list ('A/', 'A/B/'). */
function foldersIn(tree: DriveTree, folder: NodeId, prefix = ''): string[] {
  return tree
    .children(folder)
    .filter((node) => node.kind === 'folder')
    .flatMap((node) => [`${prefix}${node.name}/`, ...foldersIn(tree, node.id, `${prefix}${node.name}/`)])
    .sort();
}

describe('planFolders', () => {
  it('lists each folder once, parents first, and puts each file in its folder', () => {
    const plan = planFolders({
      files: picked('Photos/2024/a.jpg', 'Photos/b.jpg', 'Photos/2024/c.jpg', 'top.txt', 'Notes/x/y/z.md'),
      emptyFolders: ['Photos/empty', 'Blank'],
    });
    expect(plan.folders.map((f) => f.names.join('/'))).toEqual([
      'Photos',
      'Photos/empty',
      'Blank',
      'Photos/2024',
      'Notes',
      'Notes/x',
      'Notes/x/y',
    ]);
    for (const folder of plan.folders) {
      const parent = plan.folders.findIndex((f) => f.key === folder.parentKey);
      expect(folder.parentKey === '' || parent < plan.folders.indexOf(folder)).toBe(true);
    }
    expect(plan.files.map((f) => f.folderPath)).toEqual(['Photos/2024', 'Photos', 'Photos/2024', '', 'Notes/x/y']);
    expect(plan.files[3]?.folderKey).toBe('');
  });

  it('treats names that collide in a folder as one folder, spelled as first seen', () => {
    const plan = planFolders({ files: picked('Docs/a.txt', 'DOCS/b.txt', '/Docs//c.txt'), emptyFolders: [] });
    expect(plan.folders.map((f) => f.names.join('/'))).toEqual(['Docs']);
    expect(new Set(plan.files.map((f) => f.folderKey)).size).toBe(1);
    expect(plan.files.map((f) => f.folderPath)).toEqual(['Docs', 'Docs', 'Docs']);
  });

  it('keeps files picked alone in the target folder', () => {
    const plan = planFolders({ files: picked('a.txt', 'b.txt'), emptyFolders: [] });
    expect(plan.folders).toEqual([]);
    expect(plan.files.map((f) => f.folderKey)).toEqual(['', '']);
  });

  it('reads a picked file’s relative path, or its name', () => {
    expect(relativePath(new File(['x'], 'alone.txt'))).toBe('alone.txt');
  });
});

describe('folderTreeCommand', () => {
  const run = (
    replica: ReturnType<typeof testReplica>,
    target: NodeId,
    paths: string[],
    empty: string[] = [],
  ): FolderTreeMade => {
    const plan = planFolders({ files: picked(...paths), emptyFolders: empty });
    const made: FolderTreeMade = { ids: new Map(), refused: [] };
    const ran = replica.run(folderTreeCommand(target, plan.folders, made));
    expect(ran.ok).toBe(true);
    return made;
  };

  it('makes the whole tree in one command, empty folders included', () => {
    const replica = testReplica('a');
    const before = [...replica.log.ops()].length;
    const made = run(replica, ROOT, ['Trip/day1/a.jpg', 'Trip/day2/b.jpg', 'Trip/notes.txt'], ['Trip/day3']);
    expect([...replica.log.ops()].length - before).toBe(4);
    expect(foldersIn(replica.tree(), ROOT)).toEqual(['Trip/', 'Trip/day1/', 'Trip/day2/', 'Trip/day3/']);
    expect(made.refused).toEqual([]);
    const day1 = [...made.ids.entries()].find(([key]) => key.endsWith('day1'))?.[1];
    expect(day1 === undefined ? undefined : replica.tree().nodes.get(day1)?.name).toBe('day1');
  });

  it('uses a folder of the same name that is already there, case-insensitively', () => {
    const replica = testReplica('a');
    run(replica, ROOT, ['Trip/day1/a.jpg']);
    const again = run(replica, ROOT, ['trip/day1/c.jpg', 'trip/day9/d.jpg']);
    expect(foldersIn(replica.tree(), ROOT)).toEqual(['Trip/', 'Trip/day1/', 'Trip/day9/']);
    expect(again.ids.size).toBe(4);
  });

  it('gives a folder the next free name when a file has its name', () => {
    const replica = testReplica('a');
    expect(replica.run((a, t) => commands.createFile(a, t, ROOT, 'Trip', testContent(1))).ok).toBe(true);
    run(replica, ROOT, ['Trip/a.jpg']);
    expect(foldersIn(replica.tree(), ROOT)).toEqual(['Trip (1)/']);
  });

  it('refuses a name the drive does not allow, with the folders below it, and makes the rest', () => {
    const replica = testReplica('a');
    const made = run(replica, ROOT, ['bad:name/inner/a.txt', 'good/b.txt']);
    expect(made.refused.map((r) => r.path)).toEqual(['bad:name', 'bad:name/inner']);
    expect(foldersIn(replica.tree(), ROOT)).toEqual(['good/']);
  });

  it('fails when the target folder is gone', () => {
    const replica = testReplica('a');
    const plan = planFolders({ files: picked('A/a.txt'), emptyFolders: [] });
    const ran = replica.run(folderTreeCommand('fo_gone' as NodeId, plan.folders, { ids: new Map(), refused: [] }));
    expect(ran.ok).toBe(false);
  });
});
