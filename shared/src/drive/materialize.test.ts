// The conflict rules, one story each: two devices apart, then together.
import { describe, expect, it } from 'vitest';
import { addVersion, createFile, createFolder, move, purge, rename, restore, trash } from './drive-commands.js';
import type { DriveReplica } from './drive-replica.js';
import type { DriveTree, TreeNode } from './drive-tree.js';
import { ROOT, type NodeId } from './node-id.js';
import { syncAll, testContent, testReplica } from './testing.js';
import { materialize } from './tree-engine.js';

const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`command failed: ${JSON.stringify(r.error)}`);
  return r.value;
};
const idOf = (ops: Array<{ node: NodeId }>): NodeId => {
  const first = ops[0];
  if (first === undefined) throw new Error('no operation');
  return first.node;
};
const names = (tree: DriveTree, folder: NodeId = ROOT): string[] => tree.children(folder).map((n) => n.name);
const node = (tree: DriveTree, id: NodeId): TreeNode => {
  const n = tree.nodes.get(id);
  if (n === undefined) throw new Error(`no node ${id}`);
  return n;
};

function twoDevices(): { a: DriveReplica; b: DriveReplica } {
  return { a: testReplica('alpha', 'Alpha'), b: testReplica('beta', 'Beta') };
}

describe('materialize', () => {
  it('builds folders and files', () => {
    const { a } = twoDevices();
    const docs = idOf(must(a.run((au, t) => createFolder(au, t, ROOT, 'Docs'))));
    must(a.run((au, t) => createFile(au, t, docs, 'a.txt', testContent('a'))));
    expect(names(a.tree())).toEqual(['Docs']);
    expect(names(a.tree(), docs)).toEqual(['a.txt']);
  });

  it('numbers a name that is taken, case-insensitively', () => {
    const { a } = twoDevices();
    must(a.run((au, t) => createFile(au, t, ROOT, 'Report.pdf', testContent(1))));
    must(a.run((au, t) => createFile(au, t, ROOT, 'report.PDF', testContent(2))));
    expect(names(a.tree())).toEqual(['Report.pdf', 'report (1).PDF']);
  });

  it('gives concurrent creates of one name the same numbered names on every replica', () => {
    const { a, b } = twoDevices();
    must(a.run((au, t) => createFolder(au, t, ROOT, 'Photos')));
    must(b.run((au, t) => createFolder(au, t, ROOT, 'photos')));
    syncAll(a, b);
    expect(names(a.tree())).toEqual(names(b.tree()));
    expect(names(a.tree())).toHaveLength(2);
    expect(names(a.tree()).map((n) => n.toLowerCase())).toContain('photos (1)');
  });

  it('keeps both versions when two devices edit one file apart, the later keeping the name', () => {
    const { a, b } = twoDevices();
    const file = idOf(must(a.run((au, t) => createFile(au, t, ROOT, 'notes.txt', testContent('v1')))));
    syncAll(a, b);
    must(a.run((au, t) => addVersion(au, t, file, testContent('from-a'))));
    must(b.run((au, t) => addVersion(au, t, file, testContent('from-b'))));
    syncAll(a, b);
    const tree = a.tree();
    expect(names(tree)).toEqual(names(b.tree()));
    // Same Lamport time: the actor breaks the tie, 'beta' > 'alpha'.
    expect(node(tree, file).content?.hash).toBe(testContent('from-b').hash);
    expect(names(tree)).toEqual(["notes (Alpha's conflicted copy 2026-11-25).txt", 'notes.txt']);
    const copy = tree.children(ROOT).find((n) => n.conflictOf === file);
    expect(copy?.content?.hash).toBe(testContent('from-a').hash);
  });

  it('renames a conflicted copy with its original, the same built in place or from scratch', () => {
    const { a, b } = twoDevices();
    const file = idOf(must(a.run((au, t) => createFile(au, t, ROOT, 'notes.txt', testContent('v1')))));
    syncAll(a, b);
    must(a.run((au, t) => addVersion(au, t, file, testContent('from-a'))));
    must(b.run((au, t) => addVersion(au, t, file, testContent('from-b'))));
    syncAll(a, b);
    must(a.run((au, t) => rename(au, t, file, 'minutes.txt')));
    expect(names(a.tree())).toEqual(["minutes (Alpha's conflicted copy 2026-11-25).txt", 'minutes.txt']);
    expect([...a.tree().nodes.values()]).toEqual([...materialize(a.log.ops()).nodes.values()]);
  });

  it('makes no conflicted copy when both devices saved the same bytes', () => {
    const { a, b } = twoDevices();
    const file = idOf(must(a.run((au, t) => createFile(au, t, ROOT, 'notes.txt', testContent('v1')))));
    syncAll(a, b);
    must(a.run((au, t) => addVersion(au, t, file, testContent('same'))));
    must(b.run((au, t) => addVersion(au, t, file, testContent('same'))));
    syncAll(a, b);
    expect(names(a.tree())).toEqual(['notes.txt']);
  });

  it('gives a numbered name back when the name it collided with is freed, in place as from scratch', () => {
    const { a, b } = twoDevices();
    const first = idOf(must(a.run((au, t) => createFolder(au, t, ROOT, 'Photos'))));
    must(b.run((au, t) => createFolder(au, t, ROOT, 'photos')));
    syncAll(a, b);
    expect(names(a.tree())).toEqual(['Photos', 'photos (1)']);
    must(a.run((au, t) => rename(au, t, first, 'Pictures')));
    expect(names(a.tree())).toEqual(['Pictures', 'photos']);
    expect([...a.tree().nodes.values()]).toEqual([...materialize(a.log.ops()).nodes.values()]);
    must(a.run((au, t) => trash(au, t, first)));
    expect(names(a.tree())).toEqual(['photos']);
  });

  it('settles rename against rename on one name, with no duplicate', () => {
    const { a, b } = twoDevices();
    const folder = idOf(must(a.run((au, t) => createFolder(au, t, ROOT, 'Draft'))));
    syncAll(a, b);
    must(a.run((au, t) => rename(au, t, folder, 'Final')));
    must(b.run((au, t) => rename(au, t, folder, 'Published')));
    syncAll(a, b);
    expect(names(a.tree())).toEqual(['Published']);
    expect(names(b.tree())).toEqual(['Published']);
  });

  it('lets an edit win over a delete it was not seen by: the file comes back', () => {
    const { a, b } = twoDevices();
    const file = idOf(must(a.run((au, t) => createFile(au, t, ROOT, 'plan.md', testContent('v1')))));
    syncAll(a, b);
    must(a.run((au, t) => trash(au, t, file)));
    must(b.run((au, t) => addVersion(au, t, file, testContent('v2'))));
    syncAll(a, b);
    expect(node(a.tree(), file).inTrash).toBe(false);
    expect(node(a.tree(), file).content?.hash).toBe(testContent('v2').hash);
    expect(names(b.tree())).toEqual(['plan.md']);
  });

  it('keeps a node moved into a folder that another device deleted', () => {
    const { a, b } = twoDevices();
    const target = idOf(must(a.run((au, t) => createFolder(au, t, ROOT, 'Target'))));
    const file = idOf(must(a.run((au, t) => createFile(au, t, ROOT, 'moved.txt', testContent(1)))));
    syncAll(a, b);
    must(a.run((au, t) => trash(au, t, target)));
    must(b.run((au, t) => move(au, t, file, target)));
    syncAll(a, b);
    const tree = a.tree();
    expect(node(tree, file).inTrash).toBe(false);
    expect(node(tree, file).parent).toBe(target);
    expect(names(b.tree())).toEqual(['Target']);
  });

  it('moves A into B and B into A without a cycle or a lost folder', () => {
    const { a, b } = twoDevices();
    const fa = idOf(must(a.run((au, t) => createFolder(au, t, ROOT, 'A'))));
    const fb = idOf(must(a.run((au, t) => createFolder(au, t, ROOT, 'B'))));
    syncAll(a, b);
    must(a.run((au, t) => move(au, t, fa, fb)));
    must(b.run((au, t) => move(au, t, fb, fa)));
    syncAll(a, b);
    const tree = a.tree();
    // The later move (beta's, by actor) would make a cycle and is skipped.
    expect(node(tree, fa).parent).toBe(fb);
    expect(node(tree, fb).parent).toBe(ROOT);
    expect(names(b.tree())).toEqual(['B']);
    expect(names(b.tree(), fb)).toEqual(['A']);
  });

  it('refuses to move a folder into itself', () => {
    const { a } = twoDevices();
    const outer = idOf(must(a.run((au, t) => createFolder(au, t, ROOT, 'Outer'))));
    const inner = idOf(must(a.run((au, t) => createFolder(au, t, outer, 'Inner'))));
    const made = a.run((au, t) => move(au, t, outer, inner));
    expect(made.ok ? undefined : made.error.kind).toBe('cycle');
  });

  it('restores to the original folder, or to the root when that folder is in the trash', () => {
    const { a } = twoDevices();
    const folder = idOf(must(a.run((au, t) => createFolder(au, t, ROOT, 'Work'))));
    const file = idOf(must(a.run((au, t) => createFile(au, t, folder, 'x.txt', testContent(1)))));
    must(a.run((au, t) => trash(au, t, file)));
    expect(
      a
        .tree()
        .trash()
        .map((n) => n.id),
    ).toEqual([file]);
    must(a.run((au, t) => restore(au, t, file)));
    expect(node(a.tree(), file).parent).toBe(folder);

    must(a.run((au, t) => trash(au, t, file)));
    must(a.run((au, t) => trash(au, t, folder)));
    must(a.run((au, t) => restore(au, t, file)));
    expect(node(a.tree(), file).parent).toBe(ROOT);
    expect(node(a.tree(), file).inTrash).toBe(false);
  });

  it('purges only what is in the trash, and a purge loses to an edit it had not seen', () => {
    const { a, b } = twoDevices();
    const file = idOf(must(a.run((au, t) => createFile(au, t, ROOT, 'old.txt', testContent(1)))));
    expect(a.run((au, t) => purge(au, t, file)).ok).toBe(false);
    must(a.run((au, t) => trash(au, t, file)));
    syncAll(a, b);
    must(a.run((au, t) => purge(au, t, file)));
    expect(a.tree().purged.has(file)).toBe(true);
    must(b.run((au, t) => restore(au, t, file)));
    syncAll(a, b);
    expect(a.tree().purged.has(file)).toBe(false);
    expect(names(a.tree())).toEqual(['old.txt']);
  });

  it('does not depend on the order the operations arrive in', () => {
    const { a, b } = twoDevices();
    const f = idOf(must(a.run((au, t) => createFolder(au, t, ROOT, 'F'))));
    must(a.run((au, t) => createFile(au, t, f, 'x', testContent(1))));
    syncAll(a, b);
    must(b.run((au, t) => rename(au, t, f, 'G')));
    must(a.run((au, t) => trash(au, t, f)));
    const ops = [...a.log.ops(), ...b.log.ops()];
    const one = materialize(ops);
    const two = materialize([...ops].reverse());
    expect([...two.nodes.values()]).toEqual([...one.nodes.values()]);
  });
});
