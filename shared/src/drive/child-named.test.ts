// childNamed answers from the engine's name index what a search of `children` by name key would
// answer, whatever was done to the folder: creates, renames, moves, trash and restore, collisions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFile, createFolder, move, rename, restore, trash } from './drive-commands.js';
import type { DriveTree } from './drive-tree.js';
import { nameKey } from './names.js';
import { ROOT, type NodeId } from './node-id.js';
import { syncAll, testContent, testReplica } from './testing.js';

const NAMES = ['a.txt', 'A.TXT', 'b.txt', 'a (1).txt', 'Docs', 'docs'];

const bySearch = (tree: DriveTree, folder: NodeId, name: string): NodeId | undefined =>
  tree.children(folder).find((n) => nameKey(n.name) === nameKey(name))?.id;

describe('childNamed', () => {
  it('finds a file case-insensitively and nothing for a free name', () => {
    const r = testReplica('alpha');
    const made = r.run((a, t) => createFile(a, t, ROOT, 'Report.pdf', testContent(1)));
    const id = made.ok ? made.value[0]?.node : undefined;
    expect(r.tree().childNamed(ROOT, 'report.PDF')?.id).toBe(id);
    expect(r.tree().childNamed(ROOT, 'other.pdf')).toBeUndefined();
  });

  it('agrees with a search of children after any sequence of commands on two replicas', () => {
    const step = fc.record({
      replica: fc.integer({ min: 0, max: 1 }),
      kind: fc.constantFrom('file', 'folder', 'rename', 'move', 'trash', 'restore', 'sync'),
      name: fc.constantFrom(...NAMES),
      pick: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const replicas = [testReplica('alpha'), testReplica('beta')] as const;
        for (const s of steps) {
          const r = s.replica === 0 ? replicas[0] : replicas[1];
          const all = [...r.tree().nodes.values()].filter((n) => n.id !== ROOT);
          const folders = [ROOT, ...all.filter((n) => n.kind === 'folder' && !n.inTrash).map((n) => n.id)];
          const folder = folders[s.pick % folders.length] ?? ROOT;
          const target = all[s.pick % Math.max(1, all.length)];
          if (s.kind === 'sync') syncAll(...replicas);
          else if (s.kind === 'file') r.run((a, t) => createFile(a, t, folder, s.name, testContent(s.pick)));
          else if (s.kind === 'folder') r.run((a, t) => createFolder(a, t, folder, s.name));
          else if (target === undefined) continue;
          else if (s.kind === 'rename') r.run((a, t) => rename(a, t, target.id, s.name));
          else if (s.kind === 'move') r.run((a, t) => move(a, t, target.id, folder));
          else if (s.kind === 'trash') r.run((a, t) => trash(a, t, target.id));
          else r.run((a, t) => restore(a, t, target.id));
        }
        for (const r of replicas) {
          const tree = r.tree();
          const folders = [...tree.nodes.values()].filter((n) => n.kind === 'folder').map((n) => n.id);
          for (const folder of folders) {
            for (const name of NAMES) expect(tree.childNamed(folder, name)?.id).toBe(bySearch(tree, folder, name));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
