// Reads drive operations out of an Automerge drive document as the relay holds it. The document comes
// from clients, so nothing about its shape is trusted: a missing or odd shard or value is skipped,
// never thrown on (this runs inside automerge-repo's change callbacks).
import { isImmutableString, type Patch } from '@automerge/automerge-repo';
import { decodeOp, shardOf } from '@sheaf/shared/drive/drive-document';
import { compareOpIds } from '@sheaf/shared/drive/op-id';
import type { DriveOp } from '@sheaf/shared/drive/ops';

type OpKey = { readonly shard: string; readonly key: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !isImmutableString(v);

function decodeStored(key: string, value: unknown): DriveOp | undefined {
  if (typeof value !== 'string' && !isImmutableString(value)) return undefined;
  const op = decodeOp(key, value);
  return op.ok ? op.value : undefined;
}

const byOpId = (a: DriveOp, b: DriveOp): number => compareOpIds(a.id, b.id);

/** Every valid operation in the document, in operation-id order (causal order for one actor). */
export function opsOfDocument(doc: unknown): DriveOp[] {
  const out: DriveOp[] = [];
  if (!isRecord(doc) || !isRecord(doc.ops)) return out;
  for (const shard of Object.values(doc.ops)) {
    if (!isRecord(shard)) continue;
    for (const [key, value] of Object.entries(shard)) {
      const op = decodeStored(key, value);
      if (op !== undefined) out.push(op);
    }
  }
  return out.sort(byOpId);
}

/**
 * Which operations a change touched, from its patches: a put at ['ops', shard, opId] (or an edit
 * inside such a value) names one operation. 'all' when a patch reshaped the shards themselves (the
 * document arriving whole, a shard map replaced): then only a full read is sure to see everything.
 */
export function touchedOps(patches: readonly Patch[]): readonly OpKey[] | 'all' {
  const keys = new Map<string, OpKey>();
  for (const patch of patches) {
    if (patch.path[0] !== 'ops') continue;
    const [, shard, key] = patch.path;
    if (typeof shard !== 'string' || typeof key !== 'string') return 'all';
    keys.set(`${shard}/${key}`, { shard, key });
  }
  return [...keys.values()];
}

/** The valid operations stored under these keys, in operation-id order. */
export function opsAt(doc: unknown, keys: readonly OpKey[]): DriveOp[] {
  const out: DriveOp[] = [];
  if (!isRecord(doc) || !isRecord(doc.ops)) return out;
  for (const { shard, key } of keys) {
    const map = doc.ops[shard];
    if (!isRecord(map)) continue;
    const op = decodeStored(key, map[key]);
    if (op !== undefined) out.push(op);
  }
  return out.sort(byOpId);
}

/** The operations a change event carries: from its patches when they name them, else the whole document. */
export function opsOfChange(doc: unknown, patches: readonly Patch[]): DriveOp[] {
  const touched = touchedOps(patches);
  return touched === 'all' ? opsOfDocument(doc) : opsAt(doc, touched);
}

/**
 * The operations a change made by the relay itself carries, taken from `own` (what it wrote) rather
 * than decoded again from the document: undefined unless every key the patches touch is one of
 * them, in its own shard, so anything else in the change (or a change of another shape) is read from
 * the document as usual.
 */
export function ownOpsOfChange(patches: readonly Patch[], own: ReadonlyMap<string, DriveOp>): DriveOp[] | undefined {
  const touched = touchedOps(patches);
  if (touched === 'all') return undefined;
  const out: DriveOp[] = [];
  for (const { shard, key } of touched) {
    const op = own.get(key);
    if (op === undefined || shardOf(op.node) !== shard) return undefined;
    out.push(op);
  }
  return out.sort(byOpId);
}
