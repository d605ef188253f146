// Where every node sits, from scratch. Folder placements (creates and moves) replay in operation-id
// order and a move that would make a cycle is skipped (Kleppmann et al., "A highly-available move
// operation for replicated trees", 2021); a file is never anyone's ancestor, so its last placement
// into a folder stands; a conflicted copy nobody moved sits beside its original.
import { childrenOf, isAncestor, isFolder, type EngineState } from './engine-state.js';
import { ROOT } from './node-id.js';
import { compareOpIds } from './op-id.js';
import type { CreateOp, MoveOp } from './ops.js';

/**
 * `placements`: every node's first create and every move, in operation-id order (the order the
 * operations were indexed in), so the folder replay needs no sort of its own.
 */
export function placeAll(s: EngineState, placements: ReadonlyArray<CreateOp | MoveOp>): void {
  for (const op of placements) {
    const p = s.protos.get(op.node);
    if (p === undefined || p.kind !== 'folder' || (op.t === 'create' && op !== p.ops.create)) continue;
    if (!isFolder(s, op.parent)) s.dangling.add(op.parent);
    else if (op.parent !== op.node && !isAncestor(s, op.node, op.parent)) {
      p.parent = op.parent;
      p.placedBy = op.id;
    }
  }
  for (const p of s.protos.values()) {
    if (p.kind === 'folder') continue;
    let last: CreateOp | MoveOp | undefined;
    const create = p.copyOf === undefined ? p.ops.create : undefined;
    if (create !== undefined) {
      if (isFolder(s, create.parent)) last = create;
      else s.dangling.add(create.parent);
    }
    for (const move of p.ops.moves) {
      if (!isFolder(s, move.parent)) s.dangling.add(move.parent);
      else if (last === undefined || compareOpIds(move.id, last.id) > 0) last = move;
    }
    if (last !== undefined) {
      p.parent = last.parent;
      p.placedBy = last.id;
    }
  }
  // Originals come before their copies and are all placed by now.
  for (const p of s.protos.values()) {
    if (p.copyOf !== undefined && p.placedBy === undefined) p.parent = s.protos.get(p.copyOf.file)?.parent ?? ROOT;
    childrenOf(s, p.parent).add(p.id);
  }
}
