// Reads drive operations out of an Automerge drive document as the relay holds it. The document comes
// from clients, so nothing about its shape is trusted: a missing or odd shard or value is skipped,
// never thrown on (this runs inside automerge-repo's change callbacks). A stored value is one
// operation or a bundle of them (schema 3, see drive-document.ts); both read the same here.
import { isImmutableString, type Patch } from '@automerge/automerge-repo';
import { decodeStored, type DecodedOps, type StoredEntry } from '@sheaf/shared/drive/drive-document';
import { compareOpIds } from '@sheaf/shared/drive/op-id';
import type { DriveOp } from '@sheaf/shared/drive/ops';

type OpKey = { readonly shard: string; readonly key: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !isImmutableString(v);

/** Decodes a stored value into `into`; what is skipped is not reported (the relay only indexes). */
function decodeInto(key: string, value: unknown, into: DecodedOps): void {
  if (typeof value !== 'string' && !isImmutableString(value)) return;
  decodeStored(key, value, into);
}

const byOpId = (a: DriveOp, b: DriveOp): number => compareOpIds(a.id, b.id);

/** Every valid operation in the document, in operation-id order (causal order for one actor). */
export function opsOfDocument(doc: unknown): DriveOp[] {
  const into: DecodedOps = { ops: [], skipped: [] };
  if (!isRecord(doc) || !isRecord(doc.ops)) return into.ops;
  for (const shard of Object.values(doc.ops)) {
    if (!isRecord(shard)) continue;
    for (const [key, value] of Object.entries(shard)) decodeInto(key, value, into);
  }
  return into.ops.sort(byOpId);
}

/**
 * Which stored values a change touched, from its patches: a put at ['ops', shard, key] (or an edit
 * inside such a value) names one value, an operation or a bundle. 'all' when a patch reshaped the
 * shards themselves (the document arriving whole, a shard map replaced): then only a full read is
 * sure to see everything.
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
  const into: DecodedOps = { ops: [], skipped: [] };
  if (!isRecord(doc) || !isRecord(doc.ops)) return into.ops;
  for (const { shard, key } of keys) {
    const map = doc.ops[shard];
    if (isRecord(map)) decodeInto(key, map[key], into);
  }
  return into.ops.sort(byOpId);
}

/** The operations a change event carries: from its patches when they name them, else the whole document. */
export function opsOfChange(doc: unknown, patches: readonly Patch[]): DriveOp[] {
  const touched = touchedOps(patches);
  return touched === 'all' ? opsOfDocument(doc) : opsAt(doc, touched);
}

/**
 * The operations a change made by the relay itself carries, taken from `own` (the entries it wrote,
 * by key) rather than decoded again from the document: undefined unless every key the patches touch
 * is one of them, in the shard it was written to, so anything else in the change (or a change of
 * another shape) is read from the document as usual.
 */
export function ownOpsOfChange(
  patches: readonly Patch[],
  own: ReadonlyMap<string, StoredEntry>,
): DriveOp[] | undefined {
  const touched = touchedOps(patches);
  if (touched === 'all') return undefined;
  const out: DriveOp[] = [];
  for (const { shard, key } of touched) {
    const entry = own.get(key);
    if (entry === undefined || entry.shard !== shard) return undefined;
    for (const op of entry.ops) out.push(op);
  }
  return out.sort(byOpId);
}
