import { describe, expect, it } from 'vitest';
import type { TreeNode } from '@sheaf/shared/drive/drive-tree';
import { sortNodes, toggleSort, typeLabel } from './sort.js';

const node = (name: string, kind: 'file' | 'folder', at: number, size = 0): TreeNode =>
  ({
    id: `${kind === 'folder' ? 'fo' : 'f'}_${name}`,
    kind,
    name,
    modified: { at },
    content: kind === 'file' ? { size } : undefined,
  }) as unknown as TreeNode;

const items = [
  node('b.txt', 'file', 3, 10),
  node('Zeta', 'folder', 1),
  node('a10.pdf', 'file', 1, 5),
  node('a2.txt', 'file', 2, 500),
  node('alpha', 'folder', 5),
];
const names = (list: readonly TreeNode[]): string[] => list.map((n) => n.name);

describe('sortNodes', () => {
  it('puts folders first, then sorts by name as people do', () => {
    expect(names(sortNodes(items, { key: 'name', direction: 'ascending' }))).toEqual([
      'alpha',
      'Zeta',
      'a2.txt',
      'a10.pdf',
      'b.txt',
    ]);
  });

  it('keeps folders first when descending', () => {
    expect(names(sortNodes(items, { key: 'name', direction: 'descending' }))).toEqual([
      'Zeta',
      'alpha',
      'b.txt',
      'a10.pdf',
      'a2.txt',
    ]);
  });

  it('sorts by date, size (folders by item count) and type, ties by name', () => {
    expect(names(sortNodes(items, { key: 'modified', direction: 'descending' }))).toEqual([
      'alpha',
      'Zeta',
      'b.txt',
      'a2.txt',
      'a10.pdf',
    ]);
    const count = (f: TreeNode): number => (f.name === 'Zeta' ? 9 : 1);
    expect(names(sortNodes(items, { key: 'size', direction: 'ascending' }, count))).toEqual([
      'alpha',
      'Zeta',
      'a10.pdf',
      'b.txt',
      'a2.txt',
    ]);
    expect(names(sortNodes(items, { key: 'type', direction: 'ascending' }))).toEqual([
      'alpha',
      'Zeta',
      'a10.pdf',
      'a2.txt',
      'b.txt',
    ]);
  });

  it('names a type by its extension', () => {
    expect(typeLabel(node('x.tar.GZ', 'file', 0))).toBe('GZ file');
    expect(typeLabel(node('Makefile', 'file', 0))).toBe('File');
    expect(typeLabel(node('Docs', 'folder', 0))).toBe('Folder');
  });
});

describe('toggleSort', () => {
  it('a click on another column sorts by it (newest first for dates), a second click reverses', () => {
    expect(toggleSort({ key: 'name', direction: 'ascending' }, 'size')).toEqual({
      key: 'size',
      direction: 'ascending',
    });
    expect(toggleSort({ key: 'name', direction: 'ascending' }, 'modified').direction).toBe('descending');
    expect(toggleSort({ key: 'name', direction: 'ascending' }, 'name').direction).toBe('descending');
  });
});
