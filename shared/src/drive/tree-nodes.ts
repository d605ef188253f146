// The immutable TreeNode a proto becomes once its place, trash and name are settled: what the UI,
// the relay and the commands read.
import type { Stamp, TreeNode, VersionEntry } from './drive-tree.js';
import { inTrash, type EngineState, type Proto } from './engine-state.js';
import { ROOT } from './node-id.js';
import { ROOT_NAME, stampOf } from './node-protos.js';
import { compareOpIds, type OpId } from './op-id.js';
import type { RenameOp } from './ops.js';

const ROOT_STAMP: Stamp = { op: '' as OpId, at: 0, by: '', device: '' };

export function rootNode(): TreeNode {
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

/** The latest of a node's creation, renames and versions. */
function modifiedOf(p: Proto): Stamp {
  let latest = p.created.op;
  let rename: RenameOp | undefined;
  let version: VersionEntry | undefined;
  for (const r of p.ops.renames) {
    if (compareOpIds(r.id, latest) > 0) {
      latest = r.id;
      rename = r;
    }
  }
  for (const v of p.versions) {
    if (compareOpIds(v.op, latest) > 0) {
      latest = v.op;
      version = v;
    }
  }
  if (version !== undefined) return { op: version.op, at: version.at, by: version.by, device: version.device };
  return rename === undefined ? p.created : stampOf(rename);
}

export function nodeOf(s: EngineState, p: Proto): TreeNode {
  const trash = s.trashedBy.get(p.id);
  return {
    id: p.id,
    kind: p.kind,
    parent: p.parent,
    // A trashed node is no longer among its folder's names: it keeps the name it asked for.
    name: (trash === undefined ? p.settled : undefined) ?? p.desired,
    created: p.created,
    modified: modifiedOf(p),
    content: p.versions.at(-1)?.content,
    versions: p.versions,
    trashed: trash === undefined ? undefined : stampOf(trash),
    inTrash: inTrash(s, p.id),
    conflictOf: p.copyOf?.file,
  };
}
