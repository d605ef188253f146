// Builds and keeps the tree of a drive from its operations. The result depends only on the set of
// operations, never on their arrival order, which is what makes replicas converge:
//   - folder moves replay in operation-id order, skipping a move that would make a cycle (Kleppmann
//     et al., "A highly-available move operation for replicated trees", 2021);
//   - a trash or purge loses to an edit it had not seen (the edit survives, the node comes back);
//   - the last rename wins; names collide case-insensitively and get numbered deterministically;
//   - concurrent versions with different bytes split off conflicted copies (version-lines.ts).
// A batch of operations that are all newer than everything held is applied in place, touching only
// the nodes and folders it affects, so the cost of a change does not grow with the drive; anything
// else (an older operation arriving, a purge, a new conflict) rebuilds from scratch, which is the
// reference the incremental path is tested against.
import type { DriveTree, Stamp, TreeNode, VersionEntry } from './drive-tree.js';
import { conflictCopyName, nameKey, resolveSiblingNames, validateName, type ValidName } from './names.js';
import { NodeId, ROOT } from './node-id.js';
import { actorOf, compareOpIds, happenedBefore, lamportOf, type OpId, type Seen } from './op-id.js';
import type { CreateOp, DriveOp, MoveOp, PurgeOp, RenameOp, RestoreOp, TrashOp, VersionOp } from './ops.js';
import { treeView } from './tree-view.js';
import { versionLines, type VersionNode } from './version-lines.js';

const builtIn = (raw: string): ValidName => {
  const v = validateName(raw);
  if (!v.ok) throw new Error(`bad built-in name ${raw}`);
  return v.value;
};
const ROOT_NAME = builtIn('My Drive');
const FALLBACK_NAME = builtIn('Untitled');
const NO_OP = '' as OpId;
const ROOT_STAMP: Stamp = { op: NO_OP, at: 0, by: '', device: '' };

const stampOf = (op: DriveOp): Stamp => ({ op: op.id, at: op.at, by: op.by, device: op.device });
const byId = (a: { id: OpId }, b: { id: OpId }): number => compareOpIds(a.id, b.id);

/** The id of the conflicted copy that grew from version `head` of file `file`. */
export function conflictCopyId(file: NodeId, head: OpId): NodeId {
  return NodeId.parse(`fc_${file.slice(2)}_${lamportOf(head).toString().padStart(12, '0')}_${actorOf(head)}`);
}

type NodeOps = {
  create: CreateOp | undefined;
  moves: MoveOp[];
  renames: RenameOp[];
  versions: VersionOp[];
  trashes: Array<TrashOp | RestoreOp>;
  purges: PurgeOp[];
};
const emptyOps = (): NodeOps => ({ create: undefined, moves: [], renames: [], versions: [], trashes: [], purges: [] });

type FolderNames = { keys: Map<string, NodeId>; keyOf: Map<NodeId, string>; numbered: number };

type Proto = {
  readonly id: NodeId;
  readonly kind: 'folder' | 'file';
  readonly created: Stamp;
  readonly ops: NodeOps;
  readonly copyOf: { readonly file: NodeId; readonly head: VersionEntry } | undefined;
  versions: readonly VersionEntry[];
  parent: NodeId;
  placedBy: OpId | undefined;
};

export class TreeEngine {
  readonly #ops = new Map<OpId, DriveOp>();
  #maxId: OpId = NO_OP;
  #perNode = new Map<NodeId, NodeOps>();
  #protos = new Map<NodeId, Proto>();
  #copiesOf = new Map<NodeId, NodeId[]>();
  #children = new Map<NodeId, Set<NodeId>>();
  /** Placement targets that name no folder: a folder created later under such an id changes the past. */
  #dangling = new Set<NodeId>();
  #purged = new Map<NodeId, NodeId>();
  #trashedBy = new Map<NodeId, TrashOp>();
  #desired = new Map<NodeId, { name: ValidName; rank: string }>();
  #finalName = new Map<NodeId, ValidName>();
  #nodes = new Map<NodeId, TreeNode>();
  #sorted = new Map<NodeId, readonly TreeNode[]>();
  /** Folders whose names need settling, with the children that changed ('all' after a rebuild). */
  #dirtyFolders = new Map<NodeId, Set<NodeId> | 'all'>();
  /** Per folder: which live name key each child holds, and how many children carry a numbered name. */
  #folderNames = new Map<NodeId, FolderNames>();
  #dirtyNodes = new Set<NodeId>();
  #view: DriveTree | undefined;

  constructor(ops: Iterable<DriveOp> = []) {
    for (const op of ops) this.#ops.set(op.id, op);
    this.#rebuild();
  }

  tree(): DriveTree {
    return (this.#view ??= treeView({
      nodes: this.#nodes,
      purged: this.#purged,
      children: this.#children,
      sortedChildren: this.#sorted,
      nameTaken: (folder, name, except) => this.#nameTaken(folder, name, except),
    }));
  }

  /** Adds operations; true when any was new (and the tree may have changed). */
  add(ops: Iterable<DriveOp>): boolean {
    const fresh = [...ops].filter((op) => !this.#ops.has(op.id)).sort(byId);
    const unique = fresh.filter((op, i) => i === 0 || op.id !== fresh[i - 1]?.id);
    if (unique.length === 0) return false;
    for (const op of unique) this.#ops.set(op.id, op);
    const first = unique[0];
    let incremental = first !== undefined && compareOpIds(first.id, this.#maxId) > 0;
    for (const op of unique) {
      if (!incremental) break;
      this.#maxId = op.id;
      incremental = this.#applyNewest(op);
    }
    if (incremental) this.#flush();
    else this.#rebuild();
    this.#view = undefined;
    return true;
  }

  // ---- full build ---------------------------------------------------------------------------

  #rebuild(): void {
    const ops = [...this.#ops.values()].sort(byId);
    this.#maxId = ops.at(-1)?.id ?? NO_OP;
    this.#perNode = new Map();
    for (const op of ops) this.#index(op);
    this.#protos = new Map();
    this.#copiesOf = new Map();
    for (const [id, o] of this.#perNode) this.#makeProtos(id, o);
    this.#placeAll();
    this.#purged = new Map();
    for (const p of this.#protos.values()) {
      if (this.#purged.has(p.id)) continue;
      const purge = p.ops.purges.find((op) => this.#sawAll(p.id, op.seen, op.id, true));
      if (purge !== undefined) for (const n of this.#subtree(p.id)) this.#purged.set(n, p.id);
    }
    this.#trashedBy = new Map();
    for (const p of this.#protos.values()) if (!this.#purged.has(p.id)) this.#settleTrash(p.id);
    this.#desired = new Map();
    for (const p of this.#protos.values()) this.#desired.set(p.id, this.#desiredName(p));
    this.#finalName = new Map();
    this.#nodes = new Map([[ROOT, this.#rootNode()]]);
    this.#sorted = new Map();
    this.#folderNames = new Map();
    this.#dirtyFolders = new Map([...this.#children.keys()].map((id) => [id, 'all' as const]));
    this.#dirtyNodes = new Set(this.#protos.keys());
    this.#flush();
  }

  #index(op: DriveOp): NodeOps {
    let o = this.#perNode.get(op.node);
    if (o === undefined) this.#perNode.set(op.node, (o = emptyOps()));
    switch (op.t) {
      case 'create':
        o.create ??= op; // a second create of one id can only come from a broken client: the first stands
        break;
      case 'move':
        o.moves.push(op);
        break;
      case 'rename':
        o.renames.push(op);
        break;
      case 'version':
        o.versions.push(op);
        break;
      case 'trash':
      case 'restore':
        o.trashes.push(op);
        break;
      case 'purge':
        o.purges.push(op);
        break;
    }
    return o;
  }

  /** The node a create made and, for a file, the conflicted copies its version graph splits off. */
  #makeProtos(id: NodeId, o: NodeOps): void {
    if (o.create === undefined || id === ROOT) return;
    const created = stampOf(o.create);
    if (o.create.kind === 'folder') {
      this.#protos.set(id, {
        id,
        kind: 'folder',
        created,
        ops: o,
        copyOf: undefined,
        versions: [],
        parent: ROOT,
        placedBy: undefined,
      });
      return;
    }
    const lines = this.#lines(o);
    this.#protos.set(id, {
      id,
      kind: 'file',
      created,
      ops: o,
      copyOf: undefined,
      versions: lines.main,
      parent: ROOT,
      placedBy: undefined,
    });
    const copies: NodeId[] = [];
    for (const [headId, line] of lines.copies) {
      const head = line.at(-1);
      if (head === undefined) continue;
      const copyId = conflictCopyId(id, headId);
      // Kept in #perNode so that later operations on the copy land in the proto's own lists.
      let copyOps = this.#perNode.get(copyId);
      if (copyOps === undefined) this.#perNode.set(copyId, (copyOps = emptyOps()));
      // Edits of a copy extend its line; a conflict on a copy keeps every version in that line (the
      // greatest wins) rather than splitting copies of copies.
      const extra = copyOps.versions.map((v) => ({ ...stampOf(v), content: v.content }));
      this.#protos.set(copyId, {
        id: copyId,
        kind: 'file',
        created: { op: head.op, at: head.at, by: head.by, device: head.device },
        ops: copyOps,
        copyOf: { file: id, head },
        versions: [...line, ...extra].sort((a, b) => compareOpIds(a.op, b.op)),
        parent: ROOT,
        placedBy: undefined,
      });
      copies.push(copyId);
    }
    if (copies.length > 0) this.#copiesOf.set(id, copies);
  }

  #lines(o: NodeOps): ReturnType<typeof versionLines> {
    const create = o.create;
    if (create === undefined) return { main: [], copies: new Map() };
    const first: VersionNode[] = create.content ? [{ ...stampOf(create), content: create.content, prev: [] }] : [];
    if (o.versions.length === 0) return { main: first, copies: new Map() };
    return versionLines([...first, ...o.versions.map((v) => ({ ...stampOf(v), content: v.content, prev: v.prev }))]);
  }

  #isFolder(id: NodeId): boolean {
    return id === ROOT || this.#protos.get(id)?.kind === 'folder';
  }

  #placeAll(): void {
    this.#dangling = new Set();
    const placements: Array<CreateOp | MoveOp> = [];
    for (const p of this.#protos.values()) {
      if (p.kind !== 'folder') continue;
      if (p.ops.create) placements.push(p.ops.create);
      placements.push(...p.ops.moves);
    }
    placements.sort(byId);
    for (const op of placements) {
      const p = this.#protos.get(op.node);
      if (p === undefined) continue;
      if (!this.#isFolder(op.parent)) this.#dangling.add(op.parent);
      else if (op.parent !== op.node && !this.#isAncestor(op.node, op.parent)) {
        p.parent = op.parent;
        p.placedBy = op.id;
      }
    }
    for (const p of this.#protos.values()) {
      if (p.kind === 'folder') continue;
      // A file is never anyone's ancestor, so its last placement into a folder stands.
      const own: Array<CreateOp | MoveOp> = [...(p.ops.create && !p.copyOf ? [p.ops.create] : []), ...p.ops.moves];
      for (const op of own) if (!this.#isFolder(op.parent)) this.#dangling.add(op.parent);
      const last = own
        .filter((op) => this.#isFolder(op.parent))
        .sort(byId)
        .at(-1);
      if (last !== undefined) {
        p.parent = last.parent;
        p.placedBy = last.id;
      }
    }
    for (const p of this.#protos.values()) {
      if (p.copyOf !== undefined && p.placedBy === undefined)
        p.parent = this.#protos.get(p.copyOf.file)?.parent ?? ROOT;
    }
    this.#children = new Map();
    for (const p of this.#protos.values()) this.#childrenOf(p.parent).add(p.id);
  }

  #childrenOf(id: NodeId): Set<NodeId> {
    let set = this.#children.get(id);
    if (set === undefined) this.#children.set(id, (set = new Set()));
    return set;
  }

  // Walks are bounded by the node count so that even a broken invariant cannot hang a device.
  #isAncestor(ancestor: NodeId, of: NodeId): boolean {
    let steps = 0;
    for (
      let at: NodeId | undefined = of;
      at !== undefined && at !== ROOT && steps++ <= this.#protos.size;
      at = this.#protos.get(at)?.parent
    ) {
      if (at === ancestor) return true;
    }
    return false;
  }

  #ancestorsAndSelf(id: NodeId): NodeId[] {
    const out: NodeId[] = [];
    for (
      let at: NodeId | undefined = id;
      at !== undefined && at !== ROOT && out.length <= this.#protos.size;
      at = this.#protos.get(at)?.parent
    ) {
      out.push(at);
    }
    return out;
  }

  #subtree(id: NodeId): NodeId[] {
    const out: NodeId[] = [];
    const visited = new Set<NodeId>();
    const stack = [id];
    while (stack.length > 0) {
      const at = stack.pop();
      if (at === undefined || visited.has(at)) continue;
      visited.add(at);
      out.push(at);
      for (const child of this.#children.get(at) ?? []) stack.push(child);
    }
    return out;
  }

  /** The edits a trash or purge must have seen to win: creation, placement, names, versions. */
  #editsOf(id: NodeId, withTrash: boolean): OpId[] {
    const p = this.#protos.get(id);
    if (p === undefined) return [];
    const edits: OpId[] = [p.created.op, ...p.ops.renames.map((r) => r.id), ...p.versions.map((v) => v.op)];
    if (p.placedBy !== undefined) edits.push(p.placedBy);
    if (withTrash) edits.push(...p.ops.trashes.map((t) => t.id));
    return edits;
  }

  #sawAll(root: NodeId, seen: Seen, own: OpId, withTrash: boolean): boolean {
    return this.#subtree(root).every((n) =>
      this.#editsOf(n, withTrash).every((e) => e === own || happenedBefore(e, seen)),
    );
  }

  /** Sets whether `id` is trashed by its own last trash operation; answers whether that changed. */
  #settleTrash(id: NodeId): boolean {
    const p = this.#protos.get(id);
    const last = p?.ops.trashes.at(-1);
    const by = last?.t === 'trash' && this.#sawAll(id, last.seen, last.id, false) ? last : undefined;
    const before = this.#trashedBy.get(id);
    if (by === undefined) this.#trashedBy.delete(id);
    else this.#trashedBy.set(id, by);
    return before !== by;
  }

  #desiredName(p: Proto): { name: ValidName; rank: string } {
    let name: ValidName = FALLBACK_NAME;
    let rank: string = p.created.op;
    if (p.copyOf !== undefined) {
      const original = this.#protos.get(p.copyOf.file);
      const base = original ? this.#desiredName(original).name : FALLBACK_NAME;
      name = conflictCopyName(base, p.copyOf.head.device, p.copyOf.head.at);
    } else if (p.ops.create) {
      const v = validateName(p.ops.create.name);
      if (v.ok) name = v.value;
    }
    for (const r of p.ops.renames) {
      const v = validateName(r.name);
      if (v.ok) {
        name = v.value;
        rank = r.id;
      }
    }
    return { name, rank };
  }

  #rootNode(): TreeNode {
    return {
      id: ROOT,
      kind: 'folder',
      parent: ROOT,
      name: ROOT_NAME,
      created: ROOT_STAMP,
      modified: ROOT_STAMP,
      content: undefined,
      versions: [],
      trashed: undefined,
      inTrash: false,
      conflictOf: undefined,
    };
  }

  #inTrash(id: NodeId): boolean {
    return this.#ancestorsAndSelf(id).some((a) => this.#trashedBy.has(a));
  }

  #touchFolder(folder: NodeId, child: NodeId): void {
    const changed = this.#dirtyFolders.get(folder);
    if (changed === 'all') return;
    if (changed === undefined) this.#dirtyFolders.set(folder, new Set([child]));
    else changed.add(child);
  }

  /** Re-resolves the names of dirty folders, then rebuilds the dirty nodes. */
  #flush(): void {
    for (const [folder, changed] of this.#dirtyFolders) {
      const state = this.#folderNames.get(folder);
      if (changed === 'all' || state === undefined || !this.#settleNamesInPlace(folder, state, changed)) {
        this.#settleNames(folder);
      }
      this.#sorted.delete(folder);
    }
    for (const id of this.#dirtyNodes) {
      const p = this.#protos.get(id);
      const old = this.#nodes.get(id);
      if (old !== undefined) this.#sorted.delete(old.parent);
      if (p === undefined || this.#purged.has(id)) {
        this.#nodes.delete(id);
        continue;
      }
      this.#sorted.delete(p.parent);
      this.#nodes.set(id, this.#nodeOf(p));
    }
    this.#dirtyFolders.clear();
    this.#dirtyNodes.clear();
  }

  #isContender(id: NodeId, folder: NodeId): boolean {
    const p = this.#protos.get(id);
    return p !== undefined && p.parent === folder && !this.#purged.has(id) && !this.#trashedBy.has(id);
  }

  /** Every live child of the folder takes part: collisions are numbered by rank. */
  #settleNames(folder: NodeId): void {
    const contenders = [...(this.#children.get(folder) ?? [])].filter((id) => this.#isContender(id, folder));
    const resolved = resolveSiblingNames(
      contenders.map((id) => {
        const d = this.#desired.get(id) ?? { name: FALLBACK_NAME, rank: id };
        return { id, name: d.name, rank: `${d.rank}|${id}` };
      }),
    );
    const state: FolderNames = { keys: new Map(), keyOf: new Map(), numbered: 0 };
    for (const [id, name] of resolved) {
      const nodeId = NodeId.parse(id);
      const key = nameKey(name);
      state.keys.set(key, nodeId);
      state.keyOf.set(nodeId, key);
      if (name !== this.#desired.get(nodeId)?.name) state.numbered += 1;
      if (this.#finalName.get(nodeId) !== name) {
        this.#finalName.set(nodeId, name);
        this.#dirtyNodes.add(nodeId);
      }
    }
    this.#folderNames.set(folder, state);
  }

  /**
   * The common case in constant time: no name in the folder is numbered and the changed children
   * collide with nobody, so each keeps the name it asked for. False (state half-updated, to be
   * rebuilt by #settleNames) when a collision needs the whole folder.
   */
  #settleNamesInPlace(folder: NodeId, state: FolderNames, changed: ReadonlySet<NodeId>): boolean {
    if (state.numbered > 0) return false;
    for (const id of changed) {
      const key = state.keyOf.get(id);
      if (key !== undefined && state.keys.get(key) === id) state.keys.delete(key);
      state.keyOf.delete(id);
    }
    for (const id of changed) {
      if (!this.#isContender(id, folder)) continue;
      const name = this.#desired.get(id)?.name ?? FALLBACK_NAME;
      const key = nameKey(name);
      if (state.keys.has(key)) return false;
      state.keys.set(key, id);
      state.keyOf.set(id, key);
      if (this.#finalName.get(id) !== name) {
        this.#finalName.set(id, name);
        this.#dirtyNodes.add(id);
      }
    }
    return true;
  }

  /** Whether a live child of `folder` other than `except` holds a name with this key. */
  #nameTaken(folder: NodeId, name: string, except?: NodeId): boolean {
    const holder = this.#folderNames.get(folder)?.keys.get(nameKey(name));
    return holder !== undefined && holder !== except;
  }

  #nodeOf(p: Proto): TreeNode {
    let modified = p.created;
    for (const s of [...p.ops.renames.map(stampOf), ...p.versions])
      if (compareOpIds(s.op, modified.op) > 0) modified = s;
    const trash = this.#trashedBy.get(p.id);
    // A trashed node is no longer among its folder's names: it keeps the name it asked for.
    const name = trash === undefined ? this.#finalName.get(p.id) : undefined;
    return {
      id: p.id,
      kind: p.kind,
      parent: p.parent,
      name: name ?? this.#desired.get(p.id)?.name ?? FALLBACK_NAME,
      created: p.created,
      modified: { op: modified.op, at: modified.at, by: modified.by, device: modified.device },
      content: p.versions.at(-1)?.content,
      versions: p.versions,
      trashed: trash === undefined ? undefined : stampOf(trash),
      inTrash: this.#inTrash(p.id),
      conflictOf: p.copyOf?.file,
    };
  }

  // ---- incremental -------------------------------------------------------------------------

  /** Applies an operation newer than all held; false when only a rebuild can place it. */
  #applyNewest(op: DriveOp): boolean {
    const known = this.#perNode.has(op.node);
    const o = this.#index(op);
    if (op.node === ROOT) return true; // the root is not made by operations and cannot be changed
    const p = this.#protos.get(op.node);
    if (op.t === 'create') {
      if (known || this.#dangling.has(op.node) || p !== undefined) return false;
      if (this.#ancestorsAndSelf(op.parent).some((a) => this.#purged.has(a))) return false;
      this.#makeProtos(op.node, o);
      const made = this.#protos.get(op.node);
      if (made === undefined) return true;
      if (this.#isFolder(op.parent)) {
        made.parent = op.parent;
        made.placedBy = op.id;
      } else {
        this.#dangling.add(op.parent);
      }
      this.#childrenOf(made.parent).add(made.id);
      this.#desired.set(made.id, this.#desiredName(made));
      this.#touchFolder(made.parent, made.id);
      this.#dirtyNodes.add(made.id);
      this.#touchEdit(made.id);
      return true;
    }
    // No such node (yet): nothing to show. A conflicted copy only appears through a rebuild, which
    // then reads these operations from #perNode.
    if (p === undefined) return true;
    if (this.#ancestorsAndSelf(op.node).some((a) => this.#purged.has(a))) return false;
    switch (op.t) {
      case 'rename':
        // A conflicted copy without a name of its own is named after its original.
        for (const id of [p.id, ...(this.#copiesOf.get(p.id) ?? [])]) {
          const n = this.#protos.get(id);
          if (n === undefined) continue;
          this.#desired.set(id, this.#desiredName(n));
          this.#touchFolder(n.parent, id);
          this.#dirtyNodes.add(id);
        }
        this.#touchEdit(p.id);
        return true;
      case 'move':
        return this.#applyMove(p, op);
      case 'version':
        return this.#applyVersion(p);
      case 'trash':
      case 'restore':
        this.#retrash(p.id);
        this.#dirtyNodes.add(p.id);
        return true;
      case 'purge':
        return false;
    }
  }

  #applyMove(p: Proto, op: MoveOp): boolean {
    if (!this.#isFolder(op.parent)) {
      this.#dangling.add(op.parent);
      return true;
    }
    if (this.#ancestorsAndSelf(op.parent).some((a) => this.#purged.has(a))) return false;
    if (p.kind === 'folder' && (op.parent === p.id || this.#isAncestor(p.id, op.parent))) return true; // a cycle: skipped
    const oldAncestors = p.parent === ROOT ? [] : this.#ancestorsAndSelf(p.parent);
    this.#reparent(p, op.parent, op.id);
    for (const copy of this.#copiesOf.get(p.id) ?? []) {
      const c = this.#protos.get(copy);
      if (c !== undefined && c.placedBy === undefined) this.#reparent(c, op.parent, undefined);
    }
    // Leaving a folder can make its trash stand again; arriving is an edit the new folders had not seen.
    for (const a of oldAncestors) this.#retrash(a);
    this.#touchEdit(p.id);
    return true;
  }

  #reparent(p: Proto, parent: NodeId, placedBy: OpId | undefined): void {
    const wasInTrash = this.#inTrash(p.id);
    this.#children.get(p.parent)?.delete(p.id);
    this.#touchFolder(p.parent, p.id);
    p.parent = parent;
    p.placedBy = placedBy;
    this.#childrenOf(parent).add(p.id);
    this.#touchFolder(parent, p.id);
    this.#dirtyNodes.add(p.id);
    if (wasInTrash !== this.#inTrash(p.id)) for (const n of this.#subtree(p.id)) this.#dirtyNodes.add(n);
  }

  #applyVersion(p: Proto): boolean {
    if (p.kind !== 'file') return true;
    if (p.copyOf !== undefined) {
      const extra = p.ops.versions.at(-1);
      if (extra === undefined) return true;
      p.versions = [...p.versions, { ...stampOf(extra), content: extra.content }];
    } else {
      const lines = this.#lines(p.ops);
      // A new conflicted copy, or a change to an existing one, is rare: leave it to a rebuild.
      if (lines.copies.size > 0 || (this.#copiesOf.get(p.id)?.length ?? 0) > 0) return false;
      p.versions = lines.main;
    }
    this.#dirtyNodes.add(p.id);
    this.#touchEdit(p.id);
    return true;
  }

  /** An edit at `id` voids the trash of any folder above it that had not seen it. */
  #touchEdit(id: NodeId): void {
    for (const a of this.#ancestorsAndSelf(id)) if (this.#protos.get(a)?.ops.trashes.length) this.#retrash(a);
  }

  #retrash(id: NodeId): void {
    const p = this.#protos.get(id);
    if (p === undefined || p.ops.trashes.length === 0) return;
    const wasInTrash = this.#inTrash(id);
    if (!this.#settleTrash(id)) return;
    this.#touchFolder(p.parent, id);
    this.#dirtyNodes.add(id);
    if (wasInTrash !== this.#inTrash(id)) for (const n of this.#subtree(id)) this.#dirtyNodes.add(n);
  }
}

/** The tree of a set of operations, built from scratch. */
export function materialize(ops: Iterable<DriveOp>): DriveTree {
  return new TreeEngine(ops).tree();
}
