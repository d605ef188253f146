// The nodes a create makes: the node itself and, for a file whose versions were made apart, the
// conflicted copies its version graph splits off (version-lines.ts), each with the name it asks for.
import type { Stamp, VersionEntry } from './drive-tree.js';
import type { EngineState, Proto } from './engine-state.js';
import { conflictCopyName, validateName, type ValidName } from './names.js';
import { NodeId, ROOT } from './node-id.js';
import { opsOf, type NodeOps } from './node-ops.js';
import { actorOf, compareOpIds, lamportOf, type OpId } from './op-id.js';
import type { Content, CreateOp, DriveOp } from './ops.js';
import { versionLines, type VersionLines, type VersionNode } from './version-lines.js';

const builtIn = (raw: string): ValidName => {
  const v = validateName(raw);
  if (!v.ok) throw new Error(`bad built-in name ${raw}`);
  return v.value;
};
export const ROOT_NAME = builtIn('My Drive');
export const FALLBACK_NAME = builtIn('Untitled');

export const stampOf = (op: DriveOp): Stamp => ({ op: op.id, at: op.at, by: op.by, device: op.device });

/** The id of the conflicted copy that grew from version `head` of file `file`. */
export function conflictCopyId(file: NodeId, head: OpId): NodeId {
  return NodeId.parse(`fc_${file.slice(2)}_${lamportOf(head).toString().padStart(12, '0')}_${actorOf(head)}`);
}

const NO_COPIES: ReadonlyMap<OpId, readonly VersionEntry[]> = new Map();
const NO_PREV: readonly OpId[] = Object.freeze([]);

// What version-lines.ts gets for a create's version; a file with no later version never goes through
// it and keeps this shape (with an empty `prev`), as it always has.
const firstVersion = (create: CreateOp, content: Content): VersionNode => ({
  op: create.id,
  at: create.at,
  by: create.by,
  device: create.device,
  content,
  prev: NO_PREV,
});

/** The versions of a file's own line when it has only its create's: nearly every file. */
const createdVersions = (create: CreateOp): readonly VersionEntry[] =>
  create.content ? [firstVersion(create, create.content)] : [];

/** A file's own line of versions and its conflicted copies' lines. */
export function linesOf(o: NodeOps): VersionLines {
  const create = o.create;
  if (create === undefined) return { main: [], copies: NO_COPIES };
  if (o.versions.length === 0) return { main: createdVersions(create), copies: NO_COPIES };
  const all: VersionNode[] = create.content ? [firstVersion(create, create.content)] : [];
  for (const v of o.versions)
    all.push({ op: v.id, at: v.at, by: v.by, device: v.device, content: v.content, prev: v.prev });
  return versionLines(all);
}

/**
 * Sets the name `p` asks for and the operation that gave it: the last valid rename, else its create's
 * name (for a conflicted copy, its original's with the copy label), else a fallback.
 */
export function nameFromOps(s: EngineState, p: Proto): void {
  for (let i = p.ops.renames.length - 1; i >= 0; i--) {
    const r = p.ops.renames[i];
    if (r === undefined) continue;
    const v = validateName(r.name);
    if (v.ok) {
      p.desired = v.value;
      p.rank = r.id;
      return;
    }
  }
  p.rank = p.created.op;
  if (p.copyOf !== undefined) {
    const base = s.protos.get(p.copyOf.file)?.desired ?? FALLBACK_NAME;
    p.desired = conflictCopyName(base, p.copyOf.head.device, p.copyOf.head.at);
  } else {
    const v = p.ops.create === undefined ? undefined : validateName(p.ops.create.name);
    p.desired = v?.ok === true ? v.value : FALLBACK_NAME;
  }
}

const proto = (
  id: NodeId,
  kind: 'folder' | 'file',
  created: Stamp,
  ops: NodeOps,
  copyOf: Proto['copyOf'],
  versions: readonly VersionEntry[],
): Proto => ({
  id,
  kind,
  created,
  ops,
  copyOf,
  versions,
  parent: ROOT,
  placedBy: undefined,
  desired: FALLBACK_NAME,
  rank: created.op,
  settled: undefined,
});

/** Makes the node `id`'s create made, and its conflicted copies, named and placed at the root. */
export function makeProtos(s: EngineState, id: NodeId, o: NodeOps): void {
  if (o.create === undefined || id === ROOT) return;
  const created = stampOf(o.create);
  if (o.create.kind === 'folder') {
    const p = proto(id, 'folder', created, o, undefined, []);
    s.protos.set(id, p);
    nameFromOps(s, p);
    return;
  }
  // Nothing to split when the create made the only version.
  const lines = o.versions.length === 0 ? undefined : linesOf(o);
  const file = proto(id, 'file', created, o, undefined, lines?.main ?? createdVersions(o.create));
  s.protos.set(id, file);
  nameFromOps(s, file);
  if (lines === undefined || lines.copies.size === 0) return;
  const copies: NodeId[] = [];
  for (const [headId, line] of lines.copies) {
    const head = line.at(-1);
    if (head === undefined) continue;
    const copyId = conflictCopyId(id, headId);
    // Kept in perNode so that later operations on the copy land in the proto's own lists.
    const copyOps = opsOf(s.perNode, copyId);
    // Edits of a copy extend its line; a conflict on a copy keeps every version in that line (the
    // greatest wins) rather than splitting copies of copies.
    const extra = copyOps.versions.map((v) => ({ ...stampOf(v), content: v.content }));
    const versions = [...line, ...extra].sort((a, b) => compareOpIds(a.op, b.op));
    const headStamp = { op: head.op, at: head.at, by: head.by, device: head.device };
    const copy = proto(copyId, 'file', headStamp, copyOps, { file: id, head }, versions);
    s.protos.set(copyId, copy);
    nameFromOps(s, copy);
    copies.push(copyId);
  }
  if (copies.length > 0) s.copiesOf.set(id, copies);
}
