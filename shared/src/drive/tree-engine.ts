// Builds and keeps the tree of a drive from its operations. The result depends only on the set of
// operations, never on their arrival order, which is what makes replicas converge:
//   - folder moves replay in operation-id order, skipping a move that would make a cycle (placement.ts);
//   - a trash or purge loses to an edit it had not seen: the node comes back (trash-purge.ts);
//   - the last rename wins; names collide case-insensitively and get numbered deterministically
//     (folder-names.ts);
//   - concurrent versions with different bytes split off conflicted copies (node-protos.ts).
// A batch of operations that are all newer than everything held is applied in place, touching only
// the nodes and folders it affects, so the cost of a change does not grow with the drive
// (apply-newest.ts); anything else (an older operation arriving, a purge, a new conflict) rebuilds
// from scratch, which is the reference the incremental path is tested against.
import { applyNewest } from './apply-newest.js';
import type { DriveTree } from './drive-tree.js';
import { emptyState, type EngineState } from './engine-state.js';
import { nameHolder, nameTaken, settleNames, settleNamesInPlace } from './folder-names.js';
import { ROOT } from './node-id.js';
import { indexOp } from './node-ops.js';
import { makeProtos } from './node-protos.js';
import { compareOpIds, type OpId } from './op-id.js';
import type { CreateOp, DriveOp, MoveOp } from './ops.js';
import { placeAll } from './placement.js';
import { settlePurges, settleTrashes } from './trash-purge.js';
import { nodeOf, rootNode } from './tree-nodes.js';
import { treeView } from './tree-view.js';

export { conflictCopyId } from './node-protos.js';

const NO_OP = '' as OpId;
/** Batches from this size up, when larger than what is held, are built rather than applied (#apply). */
const LARGE_BATCH = 1000;

const byId = (a: { id: OpId }, b: { id: OpId }): number => compareOpIds(a.id, b.id);

/** Where an engine reads every operation from when it rebuilds: a DriveLog, or the engine's own map. */
export type OpSet = { ops(): Iterable<DriveOp> };

export class TreeEngine {
  /** Set when the engine keeps its own operations; undefined when it reads a log kept elsewhere. */
  #own: Map<OpId, DriveOp> | undefined;
  #set: OpSet;
  #maxId: OpId = NO_OP;
  /** How many operations the tree was made of. */
  #held = 0;
  #s: EngineState = emptyState();
  #view: DriveTree | undefined;

  /** An engine keeping its own copy of the operations. */
  constructor(ops: Iterable<DriveOp> = []) {
    const own = new Map<OpId, DriveOp>();
    for (const op of ops) own.set(op.id, op);
    this.#own = own;
    this.#set = { ops: () => own.values() };
    this.#rebuild();
  }

  /**
   * An engine over a log that keeps the operations (one copy per replica, not two): after each
   * batch the log adds, call `added` with the operations that were new to it.
   */
  static over(log: OpSet): TreeEngine {
    const engine = new TreeEngine();
    engine.#own = undefined;
    engine.#set = log;
    engine.#rebuild();
    return engine;
  }

  tree(): DriveTree {
    const s = this.#s;
    return (this.#view ??= treeView({
      nodes: s.nodes,
      purged: s.purged,
      children: s.children,
      sortedChildren: s.sorted,
      nameTaken: (folder, name, except) => nameTaken(s, folder, name, except),
      nameHolder: (folder, name) => nameHolder(s, folder, name),
    }));
  }

  /** Adds operations to an engine keeping its own; true when any was new (and the tree may have changed). */
  add(ops: Iterable<DriveOp>): boolean {
    const own = this.#own;
    if (own === undefined) throw new Error('bug: this engine reads a shared log; tell it of new operations by added()');
    const fresh: DriveOp[] = [];
    for (const op of ops) {
      if (own.has(op.id)) continue;
      own.set(op.id, op);
      fresh.push(op);
    }
    if (fresh.length === 0) return false;
    this.#apply(fresh);
    return true;
  }

  /** For an engine over a shared log: `ops` were just added to it, each new and once. */
  added(ops: readonly DriveOp[]): void {
    if (this.#own !== undefined) throw new Error('bug: this engine keeps its own operations; give them by add()');
    if (ops.length > 0) this.#apply(ops);
  }

  /** `fresh`: new and distinct, in any order. */
  #apply(fresh: readonly DriveOp[]): void {
    this.#view = undefined;
    const held = this.#held;
    this.#held += fresh.length;
    // In place costs about twice what a build does per operation (a drive of 100,000 files opening
    // into an empty replica: 1.5 s applied one by one, 0.75 s built), so a large batch bigger than
    // what is held is built. Small ones never are: the property tests keep exercising the in-place path.
    if (fresh.length >= LARGE_BATCH && fresh.length > held) {
      this.#rebuild();
      return;
    }
    const ops = [...fresh].sort(byId);
    const first = ops[0];
    let incremental = first !== undefined && compareOpIds(first.id, this.#maxId) > 0;
    for (const op of ops) {
      if (!incremental) break;
      this.#maxId = op.id;
      incremental = applyNewest(this.#s, op);
    }
    if (incremental) this.#flush();
    else this.#rebuild();
  }

  #rebuild(): void {
    const ops = [...this.#set.ops()].sort(byId);
    this.#maxId = ops.at(-1)?.id ?? NO_OP;
    this.#held = ops.length;
    const s = emptyState();
    // Every node's first create and every move, already in id order for the folder replay.
    const placements: Array<CreateOp | MoveOp> = [];
    for (const op of ops) {
      const o = indexOp(s.perNode, op);
      if (op.t === 'move' || (op.t === 'create' && o.create === op)) placements.push(op);
    }
    for (const [id, o] of s.perNode) makeProtos(s, id, o);
    placeAll(s, placements);
    settlePurges(s);
    settleTrashes(s);
    for (const folder of s.children.keys()) settleNames(s, folder, false);
    s.nodes.set(ROOT, rootNode());
    for (const p of s.protos.values()) if (!s.purged.has(p.id)) s.nodes.set(p.id, nodeOf(s, p));
    this.#s = s;
  }

  /** Re-resolves the names of dirty folders, then rebuilds the dirty nodes. */
  #flush(): void {
    const s = this.#s;
    for (const [folder, changed] of s.dirtyFolders) {
      const state = s.folderNames.get(folder);
      if (state === undefined || !settleNamesInPlace(s, folder, state, changed)) settleNames(s, folder, true);
      s.sorted.delete(folder);
    }
    for (const id of s.dirtyNodes) {
      const p = s.protos.get(id);
      const old = s.nodes.get(id);
      if (old !== undefined) s.sorted.delete(old.parent);
      if (p === undefined || s.purged.has(id)) {
        s.nodes.delete(id);
        continue;
      }
      s.sorted.delete(p.parent);
      s.nodes.set(id, nodeOf(s, p));
    }
    s.dirtyFolders.clear();
    s.dirtyNodes.clear();
  }
}

/** The tree of a set of operations, built from scratch. */
export function materialize(ops: Iterable<DriveOp>): DriveTree {
  return new TreeEngine(ops).tree();
}
