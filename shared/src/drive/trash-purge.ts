// Trash and purge: each stands only if it had seen every edit in the subtree it covers (its `seen`
// vector says what it had), so an edit made elsewhere brings a deleted node back. Settled for every
// node on a full build, and again for the folders above an edit when one arrives in place.
import { ancestorsAndSelf, inTrash, subtree, touchFolder, type EngineState, type Proto } from './engine-state.js';
import type { NodeId } from './node-id.js';
import { happenedBefore, type OpId, type Seen } from './op-id.js';

/** Whether every edit of `p` a trash or purge must have seen to win (creation, placement, names, versions) was seen. */
function sawEdits(p: Proto, seen: Seen, own: OpId, withTrash: boolean): boolean {
  const saw = (e: OpId): boolean => e === own || happenedBefore(e, seen);
  if (!saw(p.created.op)) return false;
  for (const r of p.ops.renames) if (!saw(r.id)) return false;
  for (const v of p.versions) if (!saw(v.op)) return false;
  if (p.placedBy !== undefined && !saw(p.placedBy)) return false;
  if (withTrash) for (const t of p.ops.trashes) if (!saw(t.id)) return false;
  return true;
}

function sawAll(s: EngineState, root: NodeId, seen: Seen, own: OpId, withTrash: boolean): boolean {
  for (const n of subtree(s, root)) {
    const p = s.protos.get(n);
    if (p !== undefined && !sawEdits(p, seen, own, withTrash)) return false;
  }
  return true;
}

/** Marks every node under a standing purge, each with the topmost purged node above it. */
export function settlePurges(s: EngineState): void {
  for (const p of s.protos.values()) {
    if (p.ops.purges.length === 0 || s.purged.has(p.id)) continue;
    const purge = p.ops.purges.find((op) => sawAll(s, p.id, op.seen, op.id, true));
    if (purge !== undefined) for (const n of subtree(s, p.id)) s.purged.set(n, p.id);
  }
}

/** Sets whether `id` is trashed by its own last trash operation; answers whether that changed. */
export function settleTrash(s: EngineState, id: NodeId): boolean {
  const last = s.protos.get(id)?.ops.trashes.at(-1);
  const by = last?.t === 'trash' && sawAll(s, id, last.seen, last.id, false) ? last : undefined;
  const before = s.trashedBy.get(id);
  if (by === undefined) s.trashedBy.delete(id);
  else s.trashedBy.set(id, by);
  return before !== by;
}

export function settleTrashes(s: EngineState): void {
  for (const p of s.protos.values()) if (p.ops.trashes.length > 0 && !s.purged.has(p.id)) settleTrash(s, p.id);
}

/** Settles the trash of `id` again, marking what that changes. */
export function retrash(s: EngineState, id: NodeId): void {
  const p = s.protos.get(id);
  if (p === undefined || p.ops.trashes.length === 0) return;
  const wasInTrash = inTrash(s, id);
  if (!settleTrash(s, id)) return;
  touchFolder(s, p.parent, id);
  s.dirtyNodes.add(id);
  if (wasInTrash !== inTrash(s, id)) for (const n of subtree(s, id)) s.dirtyNodes.add(n);
}

/** An edit at `id` voids the trash of any folder above it that had not seen it. */
export function touchEdit(s: EngineState, id: NodeId): void {
  for (const a of ancestorsAndSelf(s, id)) if (s.protos.get(a)?.ops.trashes.length) retrash(s, a);
}
