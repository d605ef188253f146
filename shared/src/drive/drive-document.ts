// How a drive's operations are laid out in its Automerge document: 256 shard maps created with the
// document (created lazily, two devices could each make the same shard and one map would hide the
// other), each holding operations as immutable JSON strings keyed by operation id. A change then
// touches one small map, so its cost does not grow with the drive (110-145 ms per change for one flat
// map of 100,000 entries, about 5 ms with 256 shards, ../shared/MEASURED.md), and an operation is one
// scalar rather than an object tree, which keeps Automerge's memory per operation small.
//
// Since schema 3 a stored value may also be a bundle: the JSON array of the operations one call of
// writeOps made (a commit of 512 small files), stored once. Automerge's cost is per put, patch and
// saved op rather than per byte: 10,000 creates in changes of 512 took 637 ms as one put each and
// 178 ms as one bundle per change (saving and loading the document also about 1.5x faster).
//
// Automerge itself is not imported here: callers pass its ImmutableString constructor.
import { type Result, err, ok } from '../result.js';
import type { NodeId } from './node-id.js';
import type { OpId } from './op-id.js';
import { DriveOp } from './ops.js';

/**
 * The newest layout this code reads and writes. 2: one operation per value. 3: a value may be a
 * bundle (a JSON array of operations); a client of schema 2 would skip a bundle as broken, so a
 * document says 3 from the change that first stores one and such a client tells its user that a
 * newer version wrote the drive instead of silently missing files.
 */
export const DRIVE_SCHEMA_VERSION = 3;
/**
 * What a new document says: nothing in it needs schema 3 until a bundle is written, so an older
 * client still opens a drive that only ever had single edits.
 */
export const FIRST_SCHEMA_VERSION = 2;
export const BUNDLE_SCHEMA_VERSION = 3;
/**
 * The most operations one bundle holds; writeOps splits a larger call. The relay takes at most 1,000
 * files in one commit, so one commit is one bundle, and a reader never parses an unbounded array.
 */
export const MAX_BUNDLE_OPS = 1000;
export const SHARD_COUNT = 256;

/** A value as Automerge hands it back: an ImmutableString (whose toString is its text) or a string. */
export type StoredText = string | { toString(): string };

export type DriveDocument = {
  schemaVersion: number;
  kind: 'drive';
  ops: Record<string, Record<string, StoredText>>;
};

/**
 * One value writeOps stores: at `ops[shard][key]`, the operation itself when `ops` holds one, else a
 * bundle. The key is the smallest operation id of the bundle (see layoutOps) and the shard that
 * operation's node's.
 */
export type StoredEntry = { readonly shard: string; readonly key: OpId; readonly ops: readonly DriveOp[] };

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
  return { schemaVersion: FIRST_SCHEMA_VERSION, kind: 'drive', ops };
}

/**
 * Where writeOps stores these operations: one entry for a single operation (exactly as schema 2
 * stored it, so an ordinary edit stays readable by older clients), else one bundle per
 * MAX_BUNDLE_OPS operations, in the order given.
 *
 * A bundle is keyed by its smallest operation id rather than its first: readers check the key
 * against the operations without trusting their order, and the key stays the same whatever order a
 * caller passed them in. Like a single operation's id, that key is unique to the bundle: the
 * operation it names is made once, by one device, and stored in one value.
 */
export function layoutOps(ops: readonly DriveOp[]): StoredEntry[] {
  const out: StoredEntry[] = [];
  for (let start = 0; start < ops.length; start += MAX_BUNDLE_OPS) {
    const part = ops.slice(start, start + MAX_BUNDLE_OPS);
    let keyOp = part[0];
    if (keyOp === undefined) continue;
    for (const op of part) if (op.id < keyOp.id) keyOp = op;
    out.push({ shard: shardOf(keyOp.node), key: keyOp.id, ops: part });
  }
  return out;
}

/**
 * Writes entries made by layoutOps into a document inside an Automerge change; `immutable` wraps a
 * string as ImmutableString, and `textOf` gives an operation's stored JSON (a caller that already
 * has it passes it, so it is not made twice). A bundle raises the document's schemaVersion to 3 in
 * the same change.
 */
export function writeEntries(
  doc: DriveDocument,
  entries: readonly StoredEntry[],
  immutable: (text: string) => StoredText,
  textOf: (op: DriveOp) => string = (op) => JSON.stringify(op),
): void {
  // Inside a change every property read goes through Automerge's proxies and into the document:
  // each shard is looked up once per call, not once per operation.
  const all = doc.ops;
  const shards = new Map<string, Record<string, StoredText>>();
  let bundled = false;
  for (const { shard: name, key, ops } of entries) {
    let shard = shards.get(name);
    if (shard === undefined) {
      shard = all[name];
      if (shard === undefined) throw new Error(`drive document lacks shard ${name}`);
      shards.set(name, shard);
    }
    const [only] = ops;
    if (only === undefined) continue;
    if (ops.length === 1) {
      shard[key] = immutable(textOf(only));
      continue;
    }
    shard[key] = immutable(`[${ops.map(textOf).join(',')}]`);
    bundled = true;
  }
  const version: unknown = doc.schemaVersion;
  if (bundled && !(typeof version === 'number' && version >= BUNDLE_SCHEMA_VERSION)) {
    doc.schemaVersion = BUNDLE_SCHEMA_VERSION;
  }
}

/**
 * Writes operations into a document inside an Automerge change (see layoutOps for where and
 * writeEntries for the arguments); answers what it stored where.
 */
export function writeOps(
  doc: DriveDocument,
  ops: readonly DriveOp[],
  immutable: (text: string) => StoredText,
  textOf?: (op: DriveOp) => string,
): StoredEntry[] {
  const entries = layoutOps(ops);
  writeEntries(doc, entries, immutable, textOf);
  return entries;
}

export type BadOp = { readonly key: string; readonly reason: string };

/** Where a reader collects what it decoded and what it skipped. */
export type DecodedOps = { readonly ops: DriveOp[]; readonly skipped: BadOp[] };

const parseOp = (key: string, json: unknown): Result<DriveOp, BadOp> => {
  const parsed = DriveOp.safeParse(json);
  if (!parsed.success) return err({ key, reason: parsed.error.issues[0]?.message ?? 'invalid operation' });
  return ok(parsed.data);
};

const checkedOp = (key: string, json: unknown): Result<DriveOp, BadOp> => {
  const op = parseOp(key, json);
  if (op.ok && op.value.id !== key) return err({ key, reason: 'stored under another id' });
  return op;
};

/**
 * Parses one stored operation (schema 2's only kind of value; also a row of the relay's change
 * index): wire data from another device is checked, never trusted.
 */
export function decodeOp(key: string, value: StoredText): Result<DriveOp, BadOp> {
  let json: unknown;
  try {
    json = JSON.parse(String(value));
  } catch {
    return err({ key, reason: 'not JSON' });
  }
  return checkedOp(key, json);
}

/**
 * Decodes one stored value, a single operation or a bundle, into `into`. A bundle that is not a
 * non-empty array of at most MAX_BUNDLE_OPS operations each with a string id, or whose key is not
 * its smallest id, is skipped whole: as for a single operation, the key check means two values can
 * only meet at one key if they hold the same operation, so no write hides another. Inside a sound
 * bundle an operation that does not parse (a newer client's kind, say) is skipped alone, reported
 * as `key[index]`, as a single one would be.
 */
export function decodeStored(key: string, value: StoredText, into: DecodedOps): void {
  let json: unknown;
  try {
    json = JSON.parse(String(value));
  } catch {
    into.skipped.push({ key, reason: 'not JSON' });
    return;
  }
  if (!Array.isArray(json)) {
    const op = checkedOp(key, json);
    if (op.ok) into.ops.push(op.value);
    else into.skipped.push(op.error);
    return;
  }
  const items: unknown[] = json;
  if (items.length === 0 || items.length > MAX_BUNDLE_OPS) {
    into.skipped.push({ key, reason: `a bundle holds 1 to ${MAX_BUNDLE_OPS} operations` });
    return;
  }
  let smallest: string | undefined;
  for (const item of items) {
    const id = isRecord(item) ? item['id'] : undefined;
    if (typeof id !== 'string') {
      into.skipped.push({ key, reason: 'a bundle entry has no id' });
      return;
    }
    if (smallest === undefined || id < smallest) smallest = id;
  }
  if (smallest !== key) {
    into.skipped.push({ key, reason: 'bundle stored under another id' });
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const op = parseOp(`${key}[${i}]`, items[i]);
    if (op.ok) into.ops.push(op.value);
    else into.skipped.push(op.error);
  }
}

/**
 * Every valid operation in the document, and what was skipped (a newer client's or a broken one's).
 * The document itself comes from other devices, so its shape is checked too: a missing or odd
 * `ops` reads as no operations rather than an exception.
 */
export function readOps(doc: unknown): { ops: DriveOp[]; skipped: BadOp[] } {
  const out: DecodedOps = { ops: [], skipped: [] };
  const shards = isRecord(doc) ? doc['ops'] : undefined;
  if (!isRecord(shards)) return { ops: [], skipped: [{ key: 'ops', reason: 'no operations map' }] };
  // Keys rather than entries: no [key, value] pair made per operation.
  for (const name of Object.keys(shards)) {
    const shard = shards[name];
    if (!isRecord(shard)) {
      out.skipped.push({ key: name, reason: 'not a shard' });
      continue;
    }
    for (const key of Object.keys(shard)) {
      const value = shard[key];
      if (isStoredText(value)) decodeStored(key, value, out);
      else out.skipped.push({ key, reason: 'not a string' });
    }
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStoredText = (v: unknown): v is StoredText =>
  typeof v === 'string' || (isRecord(v) && typeof (v as { val?: unknown }).val === 'string');
