// An operation newer than everything the engine holds, applied in place: it touches only its node,
// the folders it leaves and enters, and the trashes above it, so a change costs the same in a drive of
// any size. Whatever could change the past (a create under a dangling id, a purge, a new conflicted
// copy, anything under a purged folder) answers false and the caller rebuilds from scratch.
import {
  ancestorsAndSelf,
  childrenOf,
  inTrash,
  isAncestor,
  isFolder,
  subtree,
  touchFolder,
  underPurge,
  type EngineState,
  type Proto,
} from './engine-state.js';
import { linesOf, makeProtos, nameFromOps, stampOf } from './node-protos.js';
import { indexOp } from './node-ops.js';
import { ROOT, type NodeId } from './node-id.js';
import type { OpId } from './op-id.js';
import type { DriveOp, MoveOp } from './ops.js';
import { retrash, touchEdit } from './trash-purge.js';

/** Applies an operation newer than all held; false when only a rebuild can place it. */
export function applyNewest(s: EngineState, op: DriveOp): boolean {
  const known = s.perNode.has(op.node);
  const o = indexOp(s.perNode, op);
  if (op.node === ROOT) return true; // the root is not made by operations and cannot be changed
  const p = s.protos.get(op.node);
  if (op.t === 'create') {
    if (known || s.dangling.has(op.node) || p !== undefined) return false;
    if (underPurge(s, op.parent)) return false;
    makeProtos(s, op.node, o);
    const made = s.protos.get(op.node);
    if (made === undefined) return true;
    if (isFolder(s, op.parent)) {
      made.parent = op.parent;
      made.placedBy = op.id;
    } else {
      s.dangling.add(op.parent);
    }
    childrenOf(s, made.parent).add(made.id);
    touchFolder(s, made.parent, made.id);
    s.dirtyNodes.add(made.id);
    touchEdit(s, made.id);
    return true;
  }
  // No such node (yet): nothing to show. A conflicted copy only appears through a rebuild, which
  // then reads these operations from perNode.
  if (p === undefined) return true;
  if (underPurge(s, op.node)) return false;
  switch (op.t) {
    case 'rename':
      // A conflicted copy without a name of its own is named after its original.
      for (const id of [p.id, ...(s.copiesOf.get(p.id) ?? [])]) {
        const n = s.protos.get(id);
        if (n === undefined) continue;
        nameFromOps(s, n);
        touchFolder(s, n.parent, id);
        s.dirtyNodes.add(id);
      }
      touchEdit(s, p.id);
      return true;
    case 'move':
      return applyMove(s, p, op);
    case 'version':
      return applyVersion(s, p);
    case 'trash':
    case 'restore':
      retrash(s, p.id);
      s.dirtyNodes.add(p.id);
      return true;
    case 'purge':
      return false;
  }
}

function applyMove(s: EngineState, p: Proto, op: MoveOp): boolean {
  if (!isFolder(s, op.parent)) {
    s.dangling.add(op.parent);
    return true;
  }
  if (underPurge(s, op.parent)) return false;
  if (p.kind === 'folder' && (op.parent === p.id || isAncestor(s, p.id, op.parent))) return true; // a cycle: skipped
  const oldAncestors = p.parent === ROOT ? [] : ancestorsAndSelf(s, p.parent);
  reparent(s, p, op.parent, op.id);
  for (const copy of s.copiesOf.get(p.id) ?? []) {
    const c = s.protos.get(copy);
    if (c !== undefined && c.placedBy === undefined) reparent(s, c, op.parent, undefined);
  }
  // Leaving a folder can make its trash stand again; arriving is an edit the new folders had not seen.
  for (const a of oldAncestors) retrash(s, a);
  touchEdit(s, p.id);
  return true;
}

function reparent(s: EngineState, p: Proto, parent: NodeId, placedBy: OpId | undefined): void {
  const wasInTrash = inTrash(s, p.id);
  s.children.get(p.parent)?.delete(p.id);
  touchFolder(s, p.parent, p.id);
  p.parent = parent;
  p.placedBy = placedBy;
  childrenOf(s, parent).add(p.id);
  touchFolder(s, parent, p.id);
  s.dirtyNodes.add(p.id);
  if (wasInTrash !== inTrash(s, p.id)) for (const n of subtree(s, p.id)) s.dirtyNodes.add(n);
}

function applyVersion(s: EngineState, p: Proto): boolean {
  if (p.kind !== 'file') return true;
  if (p.copyOf !== undefined) {
    const extra = p.ops.versions.at(-1);
    if (extra === undefined) return true;
    p.versions = [...p.versions, { ...stampOf(extra), content: extra.content }];
  } else {
    const lines = linesOf(p.ops);
    // A new conflicted copy, or a change to an existing one, is rare: leave it to a rebuild.
    if (lines.copies.size > 0 || (s.copiesOf.get(p.id)?.length ?? 0) > 0) return false;
    p.versions = lines.main;
  }
  s.dirtyNodes.add(p.id);
  touchEdit(s, p.id);
  return true;
}
