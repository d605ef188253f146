import { describe, expect, it } from 'vitest';
import { ROOT } from '@sheaf/shared/drive/node-id';
import { testReplica } from '@sheaf/shared/drive/testing';
import { err, ok } from '@sheaf/shared/result';
import { readEntries } from './dropped-entries.js';
import { folderTreeCommand, type FolderTreeMade } from './folder-tree.js';
import { uploadPicked, type FolderUploadDeps } from './folder-upload.js';
import type { UploadItem } from './upload-queue.js';

function deps(): FolderUploadDeps & {
  items: UploadItem[];
  reports: string[];
  replica: ReturnType<typeof testReplica>;
} {
  const replica = testReplica('a');
  const items: UploadItem[] = [];
  const reports: string[] = [];
  return {
    replica,
    items,
    reports,
    createFolders(target, folders) {
      const made: FolderTreeMade = { ids: new Map(), refused: [] };
      const ran = replica.run(folderTreeCommand(target, folders, made));
      return ran.ok ? ok(made) : err(ran.error.message);
    },
    addItems: (added) => items.push(...added),
    report: (message) => reports.push(message),
  };
}

const file = (path: string): { file: File; path: string } => ({
  file: new File(['x'], path.split('/').pop() ?? ''),
  path,
});

describe('uploadPicked', () => {
  it('creates the folders, then queues each file into its folder', () => {
    const d = deps();
    uploadPicked({ files: [file('Trip/a.jpg'), file('Trip/day1/b.jpg'), file('c.txt')], emptyFolders: [] }, ROOT, d);
    const tree = d.replica.tree();
    const where = d.items.map((item) => `${tree.nodes.get(item.folder)?.name ?? '?'}:${item.file.name}`);
    const root = tree.nodes.get(ROOT)?.name ?? '?';
    expect(where).toEqual(['Trip:a.jpg', 'day1:b.jpg', `${root}:c.txt`]);
    expect(d.items.map((item) => item.folderPath)).toEqual(['Trip', 'Trip/day1', '']);
    expect(d.reports).toEqual([]);
  });

  it('says which folder it could not make and leaves its files out', () => {
    const d = deps();
    uploadPicked({ files: [file('a|b/x.txt'), file('a|b/y.txt'), file('ok/z.txt')], emptyFolders: [] }, ROOT, d);
    expect(d.items.map((item) => item.file.name)).toEqual(['z.txt']);
    expect(d.reports).toHaveLength(1);
    expect(d.reports[0]).toMatch(/^“a\|b” could not be created \(.+\); 2 files in it were not uploaded\.$/u);
  });

  it('queues nothing when the target folder is gone', () => {
    const d = deps();
    uploadPicked({ files: [file('A/x.txt')], emptyFolders: [] }, 'fo_gone' as typeof ROOT, d);
    expect(d.items).toEqual([]);
    expect(d.reports[0]).toMatch(/^The folders could not be created/u);
  });
});

/** A directory tree as the browser's entry API shows it, answering `readEntries` two at a time. */
type FakeTree = { [name: string]: FakeTree | string };
function entry(name: string, node: FakeTree | string, parent = ''): FileSystemEntry {
  const fullPath = `${parent}/${name}`;
  if (typeof node === 'string') {
    return {
      isFile: true,
      isDirectory: false,
      fullPath,
      name,
      file: (resolve: (file: File) => void, reject: (error: Error) => void) =>
        node === 'unreadable' ? reject(new Error('gone')) : resolve(new File([node], name)),
    } as unknown as FileSystemEntry;
  }
  const children = Object.entries(node).map(([child, sub]) => entry(child, sub, fullPath));
  return {
    isFile: false,
    isDirectory: true,
    fullPath,
    name,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (resolve: (batch: FileSystemEntry[]) => void) => {
          const batch = children.slice(at, at + 2);
          at += batch.length;
          setTimeout(() => resolve(batch), 0);
        },
      };
    },
  } as unknown as FileSystemEntry;
}

describe('readEntries', () => {
  it('walks folders to the bottom, reading every batch, and finds the empty ones', async () => {
    const dropped = [
      entry('Trip', { 'a.jpg': 'a', 'b.jpg': 'b', 'c.jpg': 'c', day1: { 'd.jpg': 'd' }, empty: {} }),
      entry('top.txt', 'top'),
    ];
    const read = await readEntries(dropped);
    expect(read.files.map((f) => f.path)).toEqual([
      'Trip/a.jpg',
      'Trip/b.jpg',
      'Trip/c.jpg',
      'Trip/day1/d.jpg',
      'top.txt',
    ]);
    expect(read.emptyFolders).toEqual(['Trip/empty']);
    expect(read.unreadable).toBe(0);
  });

  it('counts what it could not read and goes on', async () => {
    const read = await readEntries([entry('A', { 'gone.txt': 'unreadable', 'ok.txt': 'ok' })]);
    expect(read.files.map((f) => f.path)).toEqual(['A/ok.txt']);
    expect(read.unreadable).toBe(1);
  });
});
