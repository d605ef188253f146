// What the tree engine's passes share: the nodes being worked on ("protos", mutable until they
// become immutable TreeNodes), the folder structure, trash and purge results, the names settled per
// folder, and what an incremental change left to redo. Also the walks up and down the structure.
import type { Stamp, TreeNode, VersionEntry } from './drive-tree.js';
import type { ValidName } from './names.js';
import { ROOT, type NodeId } from './node-id.js';
import type { NodeOps } from './node-ops.js';
import type { OpId } from './op-id.js';
import type { TrashOp } from './ops.js';

export type Proto = {
  readonly id: NodeId;
  readonly kind: 'folder' | 'file';
  readonly created: Stamp;
  readonly ops: NodeOps;
  readonly copyOf: { readonly file: NodeId; readonly head: VersionEntry } | undefined;
  versions: readonly VersionEntry[];
  parent: NodeId;
  placedBy: OpId | undefined;
  /** The name it asks for: its create's or last valid rename's (a conflicted copy's is made from its original's). */
  desired: ValidName;
  /** The operation that gave `desired`: among colliding siblings the smallest keeps the name. */
  rank: string;
  /** The name it was last given among its siblings (kept while it is in the trash). */
  settled: ValidName | undefined;
};

/** Per folder: which live name key each child holds, and how many children carry a numbered name. */
export type FolderNames = { keys: Map<string, NodeId>; keyOf: Map<NodeId, string>; numbered: number };

export type EngineState = {
  readonly perNode: Map<NodeId, NodeOps>;
  readonly protos: Map<NodeId, Proto>;
  readonly copiesOf: Map<NodeId, NodeId[]>;
  readonly children: Map<NodeId, Set<NodeId>>;
  /** Placement targets that name no folder: a folder created later under such an id changes the past. */
  readonly dangling: Set<NodeId>;
  readonly purged: Map<NodeId, NodeId>;
  readonly trashedBy: Map<NodeId, TrashOp>;
  readonly folderNames: Map<NodeId, FolderNames>;
  readonly nodes: Map<NodeId, TreeNode>;
  /** Sorted live children per folder, filled by the view and dropped here when they change. */
  readonly sorted: Map<NodeId, readonly TreeNode[]>;
  /** Folders whose names need settling after an in-place change, with the children that changed. */
  readonly dirtyFolders: Map<NodeId, Set<NodeId>>;
  readonly dirtyNodes: Set<NodeId>;
};

export const emptyState = (): EngineState => ({
  perNode: new Map(),
  protos: new Map(),
  copiesOf: new Map(),
  children: new Map(),
  dangling: new Set(),
  purged: new Map(),
  trashedBy: new Map(),
  folderNames: new Map(),
  nodes: new Map(),
  sorted: new Map(),
  dirtyFolders: new Map(),
  dirtyNodes: new Set(),
});

export function isFolder(s: EngineState, id: NodeId): boolean {
  return id === ROOT || s.protos.get(id)?.kind === 'folder';
}

export function childrenOf(s: EngineState, id: NodeId): Set<NodeId> {
  let set = s.children.get(id);
  if (set === undefined) s.children.set(id, (set = new Set()));
  return set;
}

// Walks are bounded by the node count so that even a broken invariant cannot hang a device.
export function isAncestor(s: EngineState, ancestor: NodeId, of: NodeId): boolean {
  let steps = 0;
  for (
    let at: NodeId | undefined = of;
    at !== undefined && at !== ROOT && steps++ <= s.protos.size;
    at = s.protos.get(at)?.parent
  ) {
    if (at === ancestor) return true;
  }
  return false;
}

/** Whether `id` or a folder above it (the root excluded) is in `set`. */
export function selfOrAncestorIn(s: EngineState, id: NodeId, set: ReadonlyMap<NodeId, unknown>): boolean {
  if (set.size === 0) return false;
  let steps = 0;
  for (
    let at: NodeId | undefined = id;
    at !== undefined && at !== ROOT && steps++ <= s.protos.size;
    at = s.protos.get(at)?.parent
  ) {
    if (set.has(at)) return true;
  }
  return false;
}

export function ancestorsAndSelf(s: EngineState, id: NodeId): NodeId[] {
  const out: NodeId[] = [];
  for (
    let at: NodeId | undefined = id;
    at !== undefined && at !== ROOT && out.length <= s.protos.size;
    at = s.protos.get(at)?.parent
  ) {
    out.push(at);
  }
  return out;
}

export function subtree(s: EngineState, id: NodeId): NodeId[] {
  const out: NodeId[] = [];
  const visited = new Set<NodeId>();
  const stack = [id];
  while (stack.length > 0) {
    const at = stack.pop();
    if (at === undefined || visited.has(at)) continue;
    visited.add(at);
    out.push(at);
    for (const child of s.children.get(at) ?? []) stack.push(child);
  }
  return out;
}

/** Trashed itself or under a trashed folder. */
export const inTrash = (s: EngineState, id: NodeId): boolean => selfOrAncestorIn(s, id, s.trashedBy);

/** Whether `id` or a folder above it was purged. */
export const underPurge = (s: EngineState, id: NodeId): boolean => selfOrAncestorIn(s, id, s.purged);

/** A folder whose names need settling again because `child` changed there. */
export function touchFolder(s: EngineState, folder: NodeId, child: NodeId): void {
  const changed = s.dirtyFolders.get(folder);
  if (changed === undefined) s.dirtyFolders.set(folder, new Set([child]));
  else changed.add(child);
}
