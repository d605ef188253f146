// A folder's page of children as the REST API lists it: folders before files, each group by the key.
import { describe, expect, it } from 'vitest';
import { createFile, createFolder } from '@sheaf/shared/drive/drive-commands';
import { ROOT } from '@sheaf/shared/drive/node-id';
import { testContent, testReplica } from '@sheaf/shared/drive/testing';
import { FolderContentsQuery } from '@sheaf/shared/protocol/folder-contents';
import { folderPage } from './node-views.js';

const r = testReplica('views');
for (const name of ['b', 'A', 'c10', 'c9']) r.run((a, t) => createFolder(a, t, ROOT, name));
r.run((a, t) => createFile(a, t, ROOT, 'big.bin', { ...testContent('big', 900), mediaType: 'application/zip' }));
r.run((a, t) => createFile(a, t, ROOT, 'Alpha.txt', testContent('alpha', 5)));
const names = (q: Record<string, string>): string[] => {
  const page = folderPage(r.tree(), ROOT, FolderContentsQuery.parse(q));
  return [...page.folders, ...page.files].map((n) => n.name);
};

describe('folder page', () => {
  it('sorts folders first, by natural name order by default', () => {
    expect(names({})).toEqual(['A', 'b', 'c9', 'c10', 'Alpha.txt', 'big.bin']);
    expect(names({ order: 'desc' })).toEqual(['c10', 'c9', 'b', 'A', 'big.bin', 'Alpha.txt']);
  });

  it('sorts by size and by type within each group', () => {
    expect(names({ sortBy: 'size', order: 'desc' }).slice(4)).toEqual(['big.bin', 'Alpha.txt']);
    expect(names({ sortBy: 'type' }).slice(4)).toEqual(['big.bin', 'Alpha.txt']);
  });

  it('cuts pages from the one sequence and counts every child', () => {
    const page = folderPage(r.tree(), ROOT, FolderContentsQuery.parse({ page: '2', limit: '4' }));
    expect(page).toMatchObject({ totalCount: 6, page: 2, folders: [] });
    expect(page.files.map((f) => f.name)).toEqual(['Alpha.txt', 'big.bin']);
    expect(folderPage(r.tree(), ROOT, FolderContentsQuery.parse({ page: '3', limit: '4' })).files).toEqual([]);
  });
});
