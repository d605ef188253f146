// How a drive's operations are laid out in its Automerge document: 256 shard maps created with the
// document (created lazily, two devices could each make the same shard and one map would hide the
// other), each holding operations as immutable JSON strings keyed by operation id. A change then
// touches one small map, so its cost does not grow with the drive (110-145 ms per change for one flat
// map of 100,000 entries, about 5 ms with 256 shards, ../shared/MEASURED.md), and an operation is one
// scalar rather than an object tree, which keeps Automerge's memory per operation small.
//
// Automerge itself is not imported here: callers pass its ImmutableString constructor.
import { type Result, err, ok } from '../result.js';
import type { NodeId } from './node-id.js';
import { DriveOp } from './ops.js';

export const DRIVE_SCHEMA_VERSION = 2;
export const SHARD_COUNT = 256;

/** A value as Automerge hands it back: an ImmutableString (whose toString is its text) or a string. */
export type StoredText = string | { toString(): string };

export type DriveDocument = {
  schemaVersion: number;
  kind: 'drive';
  ops: Record<string, Record<string, StoredText>>;
};

const shardName = (n: number): string => n.toString(16).padStart(2, '0');

/** FNV-1a over the node id: every operation on one node lands in the same shard. */
export function shardOf(node: NodeId): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < node.length; i++) {
    h ^= node.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return shardName(h % SHARD_COUNT);
}

export function emptyDriveDocument(): DriveDocument {
  const ops: Record<string, Record<string, StoredText>> = {};
  for (let i = 0; i < SHARD_COUNT; i++) ops[shardName(i)] = {};
  return { schemaVersion: DRIVE_SCHEMA_VERSION, kind: 'drive', ops };
}

/**
 * Writes operations into a document inside an Automerge change; `immutable` wraps a string as
 * ImmutableString, and `textOf` gives an operation's stored JSON (a caller that already has it
 * passes it, so it is not made twice).
 */
export function writeOps(
  doc: DriveDocument,
  ops: readonly DriveOp[],
  immutable: (text: string) => StoredText,
  textOf: (op: DriveOp) => string = (op) => JSON.stringify(op),
): void {
  // Inside a change every property read goes through Automerge's proxies and into the document:
  // each shard is looked up once per call, not once per operation (512 files in one change).
  const all = doc.ops;
  const shards = new Map<string, Record<string, StoredText>>();
  for (const op of ops) {
    const name = shardOf(op.node);
    let shard = shards.get(name);
    if (shard === undefined) {
      shard = all[name];
      if (shard === undefined) throw new Error(`drive document lacks shard ${name}`);
      shards.set(name, shard);
    }
    shard[op.id] = immutable(textOf(op));
  }
}

export type BadOp = { readonly key: string; readonly reason: string };

/** Parses one stored operation: wire data from another device is checked, never trusted. */
export function decodeOp(key: string, value: StoredText): Result<DriveOp, BadOp> {
  let json: unknown;
  try {
    json = JSON.parse(String(value));
  } catch {
    return err({ key, reason: 'not JSON' });
  }
  const parsed = DriveOp.safeParse(json);
  if (!parsed.success) return err({ key, reason: parsed.error.issues[0]?.message ?? 'invalid operation' });
  if (parsed.data.id !== key) return err({ key, reason: 'stored under another id' });
  return ok(parsed.data);
}

/**
 * Every valid operation in the document, and what was skipped (a newer client's or a broken one's).
 * The document itself comes from other devices, so its shape is checked too: a missing or odd
 * `ops` reads as no operations rather than an exception.
 */
export function readOps(doc: unknown): { ops: DriveOp[]; skipped: BadOp[] } {
  const ops: DriveOp[] = [];
  const skipped: BadOp[] = [];
  const shards = isRecord(doc) ? doc['ops'] : undefined;
  if (!isRecord(shards)) return { ops, skipped: [{ key: 'ops', reason: 'no operations map' }] };
  // Keys rather than entries: no [key, value] pair made per operation.
  for (const name of Object.keys(shards)) {
    const shard = shards[name];
    if (!isRecord(shard)) {
      skipped.push({ key: name, reason: 'not a shard' });
      continue;
    }
    for (const key of Object.keys(shard)) {
      const value = shard[key];
      const op = isStoredText(value) ? decodeOp(key, value) : err({ key, reason: 'not a string' });
      if (op.ok) ops.push(op.value);
      else skipped.push(op.error);
    }
  }
  return { ops, skipped };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStoredText = (v: unknown): v is StoredText =>
  typeof v === 'string' || (isRecord(v) && typeof (v as { val?: unknown }).val === 'string');
