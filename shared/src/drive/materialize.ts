// Builds the tree from a drive's operations. Pure and deterministic: the result depends only on the
// set of operations, never on the order they arrived in, which is what makes replicas converge.
//
// Folder moves replay in operation-id order and skip a move that would make a cycle (Kleppmann et
// al., "A highly-available move operation for replicated trees", 2021). A trash or purge loses to an
// edit it had not seen (the edit survives and the node comes back). Names are unique among live
// siblings case-insensitively; collisions get numbered deterministically.
import type { DriveTree, Stamp, TreeNode, VersionEntry } from './drive-tree.js';
import { conflictCopyName, resolveSiblingNames, validateName, type ValidName } from './names.js';
import { NodeId, ROOT } from './node-id.js';
import { actorOf, compareOpIds, happenedBefore, lamportOf, type OpId, type Seen } from './op-id.js';
import type { CreateOp, DriveOp, MoveOp, PurgeOp, RenameOp, RestoreOp, TrashOp, VersionOp } from './ops.js';
import { versionLines, type VersionNode } from './version-lines.js';

const ROOT_NAME = validName('My Drive');
const FALLBACK_NAME = validName('Untitled');

function validName(raw: string): ValidName {
  const v = validateName(raw);
  if (!v.ok) throw new Error(`bad built-in name ${raw}`);
  return v.value;
}

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

type Proto = {
  id: NodeId;
  kind: 'folder' | 'file';
  created: Stamp;
  ops: NodeOps;
  /** For a conflicted copy: the file and the head it split from. */
  copyOf?: { file: NodeId; head: VersionEntry };
  versions: readonly VersionEntry[];
  parent: NodeId;
  placedBy: OpId | undefined;
};

const emptyOps = (): NodeOps => ({ create: undefined, moves: [], renames: [], versions: [], trashes: [], purges: [] });

export function materialize(input: Iterable<DriveOp>): DriveTree {
  const ops = [...new Map([...input].map((op) => [op.id, op])).values()].sort(byId);

  const perNode = new Map<NodeId, NodeOps>();
  const opsOf = (id: NodeId): NodeOps => {
    let o = perNode.get(id);
    if (o === undefined) perNode.set(id, (o = emptyOps()));
    return o;
  };
  for (const op of ops) {
    const o = opsOf(op.node);
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
  }

  // Nodes that were created, and the conflicted copies their version graphs split off.
  const protos = new Map<NodeId, Proto>();
  for (const [id, o] of perNode) {
    if (o.create === undefined || id === ROOT) continue;
    const created = stampOf(o.create);
    if (o.create.kind === 'folder') {
      protos.set(id, { id, kind: 'folder', created, ops: o, versions: [], parent: ROOT, placedBy: undefined });
      continue;
    }
    const nodes: VersionNode[] = o.create.content ? [{ ...created, content: o.create.content, prev: [] }] : [];
    for (const v of o.versions) nodes.push({ ...stampOf(v), content: v.content, prev: v.prev });
    const lines = versionLines(nodes);
    protos.set(id, { id, kind: 'file', created, ops: o, versions: lines.main, parent: ROOT, placedBy: undefined });
    for (const [headId, line] of lines.copies) {
      const head = line.at(-1);
      if (head === undefined) continue;
      const copyId = conflictCopyId(id, headId);
      const copyOps = perNode.get(copyId) ?? emptyOps();
      // Edits of a copy extend its line; a conflict on a copy keeps every version in that line
      // (the greatest wins) rather than splitting copies of copies.
      const extra = copyOps.versions.map((v) => ({ ...stampOf(v), content: v.content }));
      const versions = [...line, ...extra].sort((a, b) => compareOpIds(a.op, b.op));
      protos.set(copyId, {
        id: copyId,
        kind: 'file',
        created: { op: head.op, at: head.at, by: head.by, device: head.device },
        ops: copyOps,
        copyOf: { file: id, head },
        versions,
        parent: ROOT,
        placedBy: undefined,
      });
    }
  }
  const isFolder = (id: NodeId): boolean => id === ROOT || protos.get(id)?.kind === 'folder';

  // Folder placement: replay creates and moves in id order, skipping moves that would make a cycle.
  const folderParent = new Map<NodeId, NodeId>();
  // Walks are bounded by the node count so that even a broken invariant cannot hang a device.
  const limit = protos.size + 1;
  const isAncestor = (ancestor: NodeId, of: NodeId): boolean => {
    let steps = 0;
    for (
      let at: NodeId | undefined = of;
      at !== undefined && at !== ROOT && steps++ < limit;
      at = folderParent.get(at)
    ) {
      if (at === ancestor) return true;
    }
    return false;
  };
  const placements: Array<CreateOp | MoveOp> = [];
  for (const p of protos.values()) {
    if (p.kind !== 'folder') continue;
    if (p.ops.create) placements.push(p.ops.create);
    placements.push(...p.ops.moves);
  }
  placements.sort(byId);
  for (const op of placements) {
    if (!isFolder(op.parent) || op.parent === op.node || isAncestor(op.node, op.parent)) continue;
    folderParent.set(op.node, op.parent);
    const proto = protos.get(op.node);
    if (proto) proto.placedBy = op.id;
  }
  for (const p of protos.values()) {
    if (p.kind === 'folder') {
      p.parent = folderParent.get(p.id) ?? ROOT;
      continue;
    }
    // A file is never anyone's ancestor, so its last valid placement stands.
    const own: Array<CreateOp | MoveOp> = [...(p.ops.create ? [p.ops.create] : []), ...p.ops.moves];
    const last = own
      .filter((op) => isFolder(op.parent))
      .sort(byId)
      .at(-1);
    if (last !== undefined) {
      p.parent = last.parent;
      p.placedBy = last.id;
    } else if (p.copyOf !== undefined) {
      p.parent = ROOT; // set below, once the original's parent is known
    }
  }
  for (const p of protos.values()) {
    if (p.copyOf !== undefined && p.placedBy === undefined) p.parent = protos.get(p.copyOf.file)?.parent ?? ROOT;
  }

  const children = new Map<NodeId, NodeId[]>();
  for (const p of [...protos.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const list = children.get(p.parent) ?? [];
    list.push(p.id);
    children.set(p.parent, list);
  }
  const subtree = (id: NodeId): NodeId[] => {
    const out: NodeId[] = [];
    const visited = new Set<NodeId>();
    const stack = [id];
    while (stack.length > 0) {
      const at = stack.pop();
      if (at === undefined || visited.has(at)) continue;
      visited.add(at);
      out.push(at);
      stack.push(...(children.get(at) ?? []));
    }
    return out;
  };
  /** The edits that a trash or purge must have seen to win: creation, placement, names, versions. */
  const editsOf = (id: NodeId, withTrash: boolean): OpId[] => {
    const p = protos.get(id);
    if (p === undefined) return [];
    const edits: OpId[] = [p.created.op, ...p.ops.renames.map((r) => r.id), ...p.versions.map((v) => v.op)];
    if (p.placedBy !== undefined) edits.push(p.placedBy);
    if (withTrash) edits.push(...p.ops.trashes.map((t) => t.id));
    return edits;
  };
  const sawAll = (root: NodeId, seen: Seen, own: OpId, withTrash: boolean): boolean =>
    subtree(root).every((n) => editsOf(n, withTrash).every((e) => e === own || happenedBefore(e, seen)));

  // Purges, then trash, each losing to an edit it had not seen.
  const purged = new Map<NodeId, NodeId>();
  for (const p of protos.values()) {
    if (purged.has(p.id)) continue;
    const purge = p.ops.purges.find((op) => sawAll(p.id, op.seen, op.id, true));
    if (purge !== undefined) for (const n of subtree(p.id)) purged.set(n, p.id);
  }
  const trashedBy = new Map<NodeId, TrashOp>();
  for (const p of protos.values()) {
    if (purged.has(p.id)) continue;
    const last = p.ops.trashes.at(-1);
    if (last?.t === 'trash' && sawAll(p.id, last.seen, last.id, false)) trashedBy.set(p.id, last);
  }
  const inTrash = (id: NodeId): boolean => {
    let steps = 0;
    for (
      let at: NodeId | undefined = id;
      at !== undefined && at !== ROOT && steps++ < limit;
      at = protos.get(at)?.parent
    ) {
      if (trashedBy.has(at)) return true;
    }
    return false;
  };

  // Names: last rename wins; collisions among a folder's children are numbered deterministically.
  const desired = new Map<NodeId, { name: ValidName; rank: OpId }>();
  for (const p of protos.values()) {
    let name: ValidName | undefined;
    let rank: OpId = p.created.op;
    if (p.copyOf !== undefined) {
      const original = desired.get(p.copyOf.file) ?? nameOf(protos.get(p.copyOf.file));
      name = conflictCopyName(original.name, p.copyOf.head.device, p.copyOf.head.at);
    } else if (p.ops.create) {
      const v = validateName(p.ops.create.name);
      name = v.ok ? v.value : FALLBACK_NAME;
    }
    for (const r of p.ops.renames) {
      const v = validateName(r.name);
      if (v.ok) {
        name = v.value;
        rank = r.id;
      }
    }
    desired.set(p.id, { name: name ?? FALLBACK_NAME, rank });
  }
  function nameOf(p: Proto | undefined): { name: ValidName; rank: OpId } {
    const fallback = { name: FALLBACK_NAME, rank: p?.created.op ?? ('' as OpId) };
    if (p === undefined) return fallback;
    let name = FALLBACK_NAME;
    let rank = p.created.op;
    if (p.ops.create) {
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
  const finalName = new Map<NodeId, ValidName>();
  for (const [, ids] of children) {
    const contenders = ids.filter((id) => !purged.has(id) && !trashedBy.has(id));
    const resolved = resolveSiblingNames(
      contenders.map((id) => {
        const d = desired.get(id) ?? { name: FALLBACK_NAME, rank: id as string as OpId };
        return { id, name: d.name, rank: `${d.rank}|${id}` };
      }),
    );
    for (const [id, name] of resolved) finalName.set(NodeId.parse(id), name);
  }

  const nodes = new Map<NodeId, TreeNode>();
  const rootStamp: Stamp = { op: '' as OpId, at: 0, by: '', device: '' };
  nodes.set(ROOT, {
    id: ROOT,
    kind: 'folder',
    parent: ROOT,
    name: ROOT_NAME,
    created: rootStamp,
    modified: rootStamp,
    content: undefined,
    versions: [],
    trashed: undefined,
    inTrash: false,
    conflictOf: undefined,
  });
  for (const p of protos.values()) {
    if (purged.has(p.id)) continue;
    const stamps: Stamp[] = [p.created, ...p.ops.renames.map(stampOf), ...p.versions];
    const modified = stamps.sort((a, b) => compareOpIds(a.op, b.op)).at(-1) ?? p.created;
    const trash = trashedBy.get(p.id);
    nodes.set(p.id, {
      id: p.id,
      kind: p.kind,
      parent: p.parent,
      name: finalName.get(p.id) ?? desired.get(p.id)?.name ?? FALLBACK_NAME,
      created: p.created,
      modified: { op: modified.op, at: modified.at, by: modified.by, device: modified.device },
      content: p.versions.at(-1)?.content,
      versions: p.versions,
      trashed: trash ? stampOf(trash) : undefined,
      inTrash: inTrash(p.id),
      conflictOf: p.copyOf?.file,
    });
  }
  return treeOf(nodes, purged, children);
}

function treeOf(
  nodes: ReadonlyMap<NodeId, TreeNode>,
  purged: ReadonlyMap<NodeId, NodeId>,
  children: ReadonlyMap<NodeId, readonly NodeId[]>,
): DriveTree {
  const byName = (a: TreeNode, b: TreeNode): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    nodes,
    purged,
    children(folder) {
      const out: TreeNode[] = [];
      for (const id of children.get(folder) ?? []) {
        const n = nodes.get(id);
        if (n !== undefined && !n.inTrash) out.push(n);
      }
      return out.sort(byName);
    },
    trash() {
      return [...nodes.values()]
        .filter((n) => n.trashed !== undefined && !(nodes.get(n.parent)?.inTrash ?? false))
        .sort((a, b) => (b.trashed?.at ?? 0) - (a.trashed?.at ?? 0) || byName(a, b));
    },
    path(id) {
      const out: TreeNode[] = [];
      const start = nodes.get(id);
      for (let at = start && nodes.get(start.parent); at !== undefined && at.id !== id; at = nodes.get(at.parent)) {
        out.unshift(at);
        if (at.id === ROOT) break;
      }
      return out;
    },
  };
}
