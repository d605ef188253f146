// Reads drive operations out of the Automerge document: all of them when a drive opens, and only
// the new ones from the patches of each change, so a change costs what it adds rather than the
// size of the drive. Stored values (one operation, or since schema 3 a bundle of them) are parsed
// with the shared decoder, never trusted.
import { z } from 'zod';
import { DRIVE_SCHEMA_VERSION, decodeStored, type BadOp } from '@sheaf/shared/drive/drive-document';
import type { DriveOp } from '@sheaf/shared/drive/ops';

/** The text of a stored value (a string or Automerge's ImmutableString), or undefined for anything else. */
export type TextOf = (value: unknown) => string | undefined;

/** The part of an Automerge patch read here; anything else about it is ignored. */
export type PatchLike = {
  readonly action: string;
  readonly path: ReadonlyArray<string | number>;
  readonly value?: unknown;
};

export type DocOps = {
  readonly ops: DriveOp[];
  readonly skipped: BadOp[];
};

export type PatchOps = DocOps & {
  /** A patch touched the operations in a way not understood here: read the whole document again. */
  readonly reread: boolean;
};

// The shards are checked one by one below rather than by a record of records, which made a copy of
// every stored operation's entry first (75 ms of a 100,000-file drive's open, for nothing kept).
const DocShape = z.object({
  schemaVersion: z.number(),
  kind: z.string(),
  ops: z.record(z.string(), z.unknown()),
});

/** A shard as zod's record takes one: a plain object (Object or null prototype), not an array. */
const isShard = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype;
};

const decode = (key: string, value: unknown, textOf: TextOf, into: DocOps): void => {
  const text = textOf(value);
  if (text === undefined) {
    into.skipped.push({ key, reason: 'not a string' });
    return;
  }
  decodeStored(key, text, into);
};

export type DocRead = DocOps & {
  /** Not a drive document at all (or not one this app can read). */
  readonly notADrive: boolean;
  /** Written by a newer schema than this app knows: some of it may be hidden. */
  readonly newerSchema: boolean;
};

/** Every valid operation in a document as Automerge hands it over. */
export function readDocOps(doc: unknown, textOf: TextOf): DocRead {
  const shape = DocShape.safeParse(doc);
  const shards = shape.success ? Object.values(shape.data.ops) : [];
  if (!shape.success || shape.data.kind !== 'drive' || !shards.every(isShard)) {
    return { ops: [], skipped: [], notADrive: true, newerSchema: false };
  }
  const out: DocOps = { ops: [], skipped: [] };
  for (const shard of shards) {
    for (const key of Object.keys(shard)) decode(key, shard[key], textOf, out);
  }
  return { ...out, notADrive: false, newerSchema: shape.data.schemaVersion > DRIVE_SCHEMA_VERSION };
}

/**
 * Whether a newer schema than this app's wrote the document, read again when a change sets
 * `schemaVersion` (a newer client raises it in the change that first needs it).
 */
export function isNewerSchema(doc: unknown): boolean {
  const version =
    typeof doc === 'object' && doc !== null ? (doc as { schemaVersion?: unknown }).schemaVersion : undefined;
  return typeof version === 'number' && version > DRIVE_SCHEMA_VERSION;
}

/**
 * The operations a change added. An operation or a bundle arrives as a put at ['ops', shard, key];
 * a put of a new map at ['ops', shard] is a shard appearing (its entries follow as their own puts).
 * Anything else under 'ops' (a delete, a conflict on 'ops' itself, a nested value) asks for a full
 * read.
 */
export function opsFromPatches(patches: readonly PatchLike[], textOf: TextOf): PatchOps {
  const out: DocOps = { ops: [], skipped: [] };
  let reread = false;
  for (const patch of patches) {
    const [root, shard, key] = patch.path;
    if (root !== 'ops') continue;
    const isPut = patch.action === 'put';
    if (isPut && patch.path.length === 3 && typeof shard === 'string' && typeof key === 'string') {
      decode(key, patch.value, textOf, out);
    } else if (isPut && patch.path.length === 2 && typeof patch.value === 'object' && patch.value !== null) {
      continue;
    } else {
      reread = true;
    }
  }
  return { ...out, reread };
}
