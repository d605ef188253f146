// Property: replicas that work apart and meet in any order end with the same tree, with no cycle,
// no node lost and no node twice (the acceptance of the drive issue, point 4).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addVersion,
  copy,
  createFile,
  createFolder,
  move,
  purge,
  rename,
  restore,
  trash,
  type Author,
} from './drive-commands.js';
import type { DriveReplica } from './drive-replica.js';
import type { DriveTree } from './drive-tree.js';
import { materialize } from './tree-engine.js';
import { nameKey, validateName } from './names.js';
import { ROOT, type NodeId } from './node-id.js';
import type { DriveOp } from './ops.js';
import { testContent, testReplica } from './testing.js';

const KINDS = ['folder', 'file', 'rename', 'move', 'copy', 'trash', 'restore', 'version', 'purge', 'sync'] as const;
const NAMES = ['a', 'A', 'b.txt', 'B.TXT', 'c', 'photos', 'Photos'];

// Moves weigh most: concurrent moves of shared folders are where cycles and duplicates come from.
const kind = fc.oneof(
  { arbitrary: fc.constant('move' as const), weight: 5 },
  { arbitrary: fc.constantFrom(...KINDS), weight: 5 },
);
const action = fc.record({
  replica: fc.nat(2),
  kind,
  x: fc.nat(),
  y: fc.nat(),
  name: fc.constantFrom(...NAMES),
  content: fc.nat(3),
});
type Action = typeof action extends fc.Arbitrary<infer T> ? T : never;

const pick = <T>(list: readonly T[], n: number): T | undefined =>
  list.length === 0 ? undefined : list[n % list.length];

function perform(replicas: DriveReplica[], act: Action): void {
  const r = replicas[act.replica];
  if (r === undefined) return;
  if (act.kind === 'sync') {
    const from = replicas[act.x % replicas.length];
    if (from !== undefined) r.receive([...from.log.ops()]);
    return;
  }
  const tree = r.tree();
  const all = [...tree.nodes.keys()].filter((id) => id !== ROOT).sort();
  const folders = [ROOT, ...all.filter((id) => tree.nodes.get(id)?.kind === 'folder')];
  const files = all.filter((id) => tree.nodes.get(id)?.kind === 'file');
  const node = pick(all, act.x);
  const folder = pick(folders, act.y) ?? ROOT;
  const content = testContent(`c${act.content}`);
  const run = (cmd: (a: Author, t: DriveTree) => ReturnType<typeof createFolder>): void => void r.run(cmd);
  switch (act.kind) {
    case 'folder':
      return run((a, t) => createFolder(a, t, folder, act.name));
    case 'file':
      return run((a, t) => createFile(a, t, folder, act.name, content));
    case 'rename':
      if (node) run((a, t) => rename(a, t, node, act.name));
      return;
    case 'move':
      if (node) run((a, t) => move(a, t, node, folder));
      return;
    case 'copy':
      if (node) run((a, t) => copy(a, t, node, folder));
      return;
    case 'trash':
      if (node) run((a, t) => trash(a, t, node));
      return;
    case 'restore':
      if (node) run((a, t) => restore(a, t, node));
      return;
    case 'purge':
      if (node) run((a, t) => purge(a, t, node));
      return;
    case 'version': {
      const file = pick(files, act.x);
      if (file) run((a, t) => addVersion(a, t, file, content));
      return;
    }
  }
}

const snapshot = (tree: DriveTree): string =>
  JSON.stringify({
    nodes: [...tree.nodes.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    purged: [...tree.purged].sort(),
  });

function checkInvariants(tree: DriveTree, ops: readonly DriveOp[]): void {
  // No cycle: every node reaches the root.
  for (const n of tree.nodes.values()) {
    let at: NodeId = n.id;
    for (let steps = 0; at !== ROOT; steps++) {
      expect(steps).toBeLessThanOrEqual(tree.nodes.size);
      const parent = tree.nodes.get(at)?.parent;
      expect(parent, `parent of ${at}`).toBeDefined();
      at = parent ?? ROOT;
    }
  }
  // No node lost: every created node is in the tree, or was removed by a purge of it or an ancestor.
  const purgeTargets = new Set(ops.filter((op) => op.t === 'purge').map((op) => op.node));
  for (const op of ops) {
    if (op.t !== 'create') continue;
    const by = tree.purged.get(op.node);
    if (by === undefined) expect(tree.nodes.has(op.node), `node ${op.node} lost`).toBe(true);
    else expect(purgeTargets.has(by)).toBe(true);
  }
  // No node twice, names valid and unique among live siblings.
  const listed = new Map<NodeId, number>();
  for (const folder of tree.nodes.values()) {
    if (folder.kind !== 'folder') continue;
    const keys = new Set<string>();
    for (const child of tree.children(folder.id)) {
      listed.set(child.id, (listed.get(child.id) ?? 0) + 1);
      expect(validateName(child.name).ok).toBe(true);
      expect(keys.has(nameKey(child.name)), `duplicate name ${child.name}`).toBe(false);
      keys.add(nameKey(child.name));
    }
  }
  for (const n of tree.nodes.values()) {
    if (n.id === ROOT || n.inTrash) continue;
    expect(listed.get(n.id), `live node ${n.id} listed once`).toBe(1);
  }
}

describe('convergence', () => {
  it('three replicas apart, merged in any order, end identical with every invariant held', () => {
    fc.assert(
      fc.property(
        fc.array(action, { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(2), { minLength: 3, maxLength: 3 }),
        fc.integer(),
        (actions, order, seed) => {
          const replicas = [testReplica('r0'), testReplica('r1'), testReplica('r2')];
          // A few shared folders and a file first, so that the devices have something to fight over.
          const [first] = replicas;
          for (const name of ['P', 'Q', 'R', 'S']) first?.run((a, t) => createFolder(a, t, ROOT, name));
          first?.run((a, t) => createFile(a, t, ROOT, 'shared.txt', testContent('c0')));
          for (const r of replicas) r.receive([...(first?.log.ops() ?? [])]);
          for (const act of actions) {
            perform(replicas, act);
            // The incremental engine must agree with a build from scratch after every step.
            const r = replicas[act.replica];
            if (r !== undefined) expect(snapshot(r.tree())).toBe(snapshot(materialize(r.log.ops())));
          }
          for (const r of replicas) checkInvariants(r.tree(), [...r.log.ops()]);

          // Everyone meets everyone, in an order chosen by the test.
          for (const target of order) {
            const r = replicas[target];
            for (const other of replicas) r?.receive([...other.log.ops()]);
          }
          for (const r of replicas) for (const other of replicas) r.receive([...other.log.ops()]);

          const trees = replicas.map((r) => snapshot(r.tree()));
          for (const r of replicas) expect(snapshot(materialize(r.log.ops()))).toBe(snapshot(r.tree()));
          expect(trees[1]).toBe(trees[0]);
          expect(trees[2]).toBe(trees[0]);

          const ops = [...(replicas[0]?.log.ops() ?? [])];
          const shuffled =
            fc.sample(fc.shuffledSubarray(ops, { minLength: ops.length }), { seed, numRuns: 1 })[0] ?? ops;
          expect(snapshot(materialize(shuffled))).toBe(trees[0]);
          checkInvariants(materialize(ops), ops);
        },
      ),
      { numRuns: 300 },
    );
  });
});
