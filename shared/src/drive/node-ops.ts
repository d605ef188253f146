// The operations of each node, split by kind, each list in operation-id order: what every pass of
// the tree engine reads. Operations are indexed in id order, so appending keeps the lists sorted.
import type { NodeId } from './node-id.js';
import type { CreateOp, DriveOp, MoveOp, PurgeOp, RenameOp, RestoreOp, TrashOp, VersionOp } from './ops.js';

export type NodeOps = {
  create: CreateOp | undefined;
  moves: MoveOp[];
  renames: RenameOp[];
  versions: VersionOp[];
  trashes: Array<TrashOp | RestoreOp>;
  purges: PurgeOp[];
};

// Most nodes only ever have a create: their lists all start as this one frozen array and get their
// own on the first push (a drive of 100,000 files makes 500,000 fewer arrays to build and collect).
const NONE: never[] = [];
Object.freeze(NONE);

const append = <T>(list: T[], op: T): T[] => {
  if (list === NONE) return [op];
  list.push(op);
  return list;
};

export const emptyOps = (): NodeOps => ({
  create: undefined,
  moves: NONE,
  renames: NONE,
  versions: NONE,
  trashes: NONE,
  purges: NONE,
});

/** The lists of `node`, made empty when it has none yet. */
export function opsOf(perNode: Map<NodeId, NodeOps>, node: NodeId): NodeOps {
  let o = perNode.get(node);
  if (o === undefined) perNode.set(node, (o = emptyOps()));
  return o;
}

/** Files `op` under its node; operations must come in id order. */
export function indexOp(perNode: Map<NodeId, NodeOps>, op: DriveOp): NodeOps {
  const o = opsOf(perNode, op.node);
  switch (op.t) {
    case 'create':
      o.create ??= op; // a second create of one id can only come from a broken client: the first stands
      break;
    case 'move':
      o.moves = append(o.moves, op);
      break;
    case 'rename':
      o.renames = append(o.renames, op);
      break;
    case 'version':
      o.versions = append(o.versions, op);
      break;
    case 'trash':
    case 'restore':
      o.trashes = append(o.trashes, op);
      break;
    case 'purge':
      o.purges = append(o.purges, op);
      break;
  }
  return o;
}
