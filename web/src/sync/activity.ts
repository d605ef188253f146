// What happened in a drive, in people's words, derived from its operations alone: who did what to
// which item, when and from which device. The operations are replayed in id order to know each
// item's name and folder at the time, so a rename or a move reads "from … to …" even after later
// changes. Pure: the activity panel renders the result, the tests check it.
import type { DriveTree } from '@sheaf/shared/drive/drive-tree';
import { ROOT, type NodeId } from '@sheaf/shared/drive/node-id';
import { actorOf, compareOpIds, lamportOf, type OpId } from '@sheaf/shared/drive/op-id';
import type { DriveOp } from '@sheaf/shared/drive/ops';

export type ActivityKind = 'created' | 'renamed' | 'moved' | 'edited' | 'deleted' | 'restored' | 'purged';

export type ActivityEntry = {
  /** The operation, unique: a key for lists. */
  readonly id: OpId;
  readonly kind: ActivityKind;
  readonly node: NodeId;
  readonly nodeKind: 'file' | 'folder';
  /** The item's name just before the operation (for a rename, the old name). */
  readonly name: string;
  /** Renamed: the new name. Created or moved: the folder it went to. */
  readonly to?: string;
  /** Moved: the folder it left. */
  readonly from?: string;
  /** A move or restore that had to rename the item to avoid a clash: the name it got. */
  readonly renamedTo?: string;
  readonly at: number;
  readonly by: string;
  readonly device: string;
};

export type ActivityScope = { readonly node: NodeId } | undefined;

type Known = { name: string; parent: NodeId; kind: 'file' | 'folder' };

const ROOT_LABEL = 'My Drive';

/** Two operations made by one command: same actor, consecutive Lamport times. */
const sameCommand = (earlier: OpId, later: OpId): boolean =>
  actorOf(earlier) === actorOf(later) && lamportOf(earlier) + 1 === lamportOf(later);

/** Activity newest first; with a scope, only what touched that item or went in or out of it. */
export function deriveActivity(ops: Iterable<DriveOp>, tree: DriveTree, scope?: ActivityScope): ActivityEntry[] {
  const sorted = [...ops].sort((a, b) => compareOpIds(a.id, b.id));
  const known = new Map<NodeId, Known>();
  const entries: ActivityEntry[] = [];
  /** Per item: its previous operation and the index of its last entry, to fold one command's operations. */
  const lastOp = new Map<NodeId, OpId>();
  const lastEntry = new Map<NodeId, number>();
  const current = (id: NodeId): Known => {
    const k = known.get(id);
    if (k !== undefined) return k;
    const node = tree.nodes.get(id);
    return { name: node?.name ?? 'an item', parent: node?.parent ?? ROOT, kind: node?.kind ?? 'file' };
  };
  const folderName = (id: NodeId): string => (id === ROOT ? ROOT_LABEL : current(id).name);
  const touches = (op: DriveOp, before: Known): boolean => {
    if (scope === undefined || op.node === scope.node) return true;
    if (before.parent === scope.node) return true;
    return (op.t === 'create' || op.t === 'move') && op.parent === scope.node;
  };

  for (const op of sorted) {
    const before = current(op.node);
    const previous = lastOp.get(op.node);
    lastOp.set(op.node, op.id);
    const partOfLast = previous !== undefined && sameCommand(previous, op.id);
    const foldInto = partOfLast ? lastEntry.get(op.node) : undefined;
    const folded = foldInto === undefined ? undefined : entries[foldInto];
    const stamp = { id: op.id, node: op.node, nodeKind: before.kind, at: op.at, by: op.by, device: op.device };
    let entry: ActivityEntry | undefined;
    switch (op.t) {
      case 'create':
        known.set(op.node, { name: op.name, parent: op.parent, kind: op.kind });
        entry = { ...stamp, nodeKind: op.kind, kind: 'created', name: op.name, to: folderName(op.parent) };
        break;
      case 'rename': {
        known.set(op.node, { ...before, name: op.name });
        // A rename made by the same command as the move or restore before it only avoids a clash.
        if (foldInto !== undefined && folded !== undefined && (folded.kind === 'moved' || folded.kind === 'restored')) {
          entries[foldInto] = { ...folded, renamedTo: op.name };
          continue;
        }
        entry = { ...stamp, kind: 'renamed', name: before.name, to: op.name };
        break;
      }
      case 'move': {
        known.set(op.node, { ...before, parent: op.parent });
        // A restore whose folder is gone also moves the item to the root: one event.
        if (folded?.kind === 'restored') continue;
        entry = {
          ...stamp,
          kind: 'moved',
          name: before.name,
          from: folderName(before.parent),
          to: folderName(op.parent),
        };
        break;
      }
      case 'version':
        entry = { ...stamp, kind: 'edited', name: before.name };
        break;
      case 'trash':
        entry = { ...stamp, kind: 'deleted', name: before.name };
        break;
      case 'restore':
        entry = { ...stamp, kind: 'restored', name: before.name };
        break;
      case 'purge':
        entry = { ...stamp, kind: 'purged', name: before.name };
        break;
    }
    if (touches(op, before)) {
      lastEntry.set(op.node, entries.length);
      entries.push(entry);
    }
  }
  return entries.sort((a, b) => b.at - a.at || compareOpIds(b.id, a.id));
}
