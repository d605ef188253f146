// The operations a drive is made of. A drive document is a grow-only set of these; the tree every
// device shows is a pure function of that set (materialize.ts), so replicas that hold the same
// operations show the same tree whatever order the operations arrived in.
import { z } from 'zod';
import { ChunkHash } from '../ids.js';
import { Manifest } from './manifest.js';
import { NodeId } from './node-id.js';
import { OpId, Seen } from './op-id.js';

/** One version's content: what to fetch and how to recognise the same bytes. */
export const Content = z.object({
  /**
   * SHA-256 of the canonical manifest JSON, `JSON.stringify({ size, chunks })`: one rule on every
   * device, so equal hashes mean equal bytes and equal bytes get equal hashes (no conflicted copy
   * for identical saves). The transfer engine may move to a whole-content hash with a schema bump.
   */
  hash: ChunkHash,
  size: z.number().int().nonnegative(),
  mediaType: z.string().max(255),
  manifest: Manifest,
});
export type Content = z.infer<typeof Content>;

/** The end of year 9999: every date shown (activity, conflicted copy names) stays a real calendar date. */
const MAX_AT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const common = {
  id: OpId,
  /** Wall-clock time at the author's device, for people (activity, conflict copy names); never for ordering. */
  at: z.number().int().nonnegative().max(MAX_AT),
  by: z.string().max(64),
  device: z.string().max(100),
};

/** A node appears: also its first placement (a move from nowhere) and, for a file, its first version. */
export const CreateOp = z.object({
  ...common,
  t: z.literal('create'),
  node: NodeId,
  kind: z.enum(['folder', 'file']),
  parent: NodeId,
  name: z.string().max(1024),
  content: Content.optional(),
});
export const MoveOp = z.object({ ...common, t: z.literal('move'), node: NodeId, parent: NodeId });
export const RenameOp = z.object({ ...common, t: z.literal('rename'), node: NodeId, name: z.string().max(1024) });
/** A new version of a file; `prev` are the versions its author replaced (heads of the version graph). */
export const VersionOp = z.object({
  ...common,
  t: z.literal('version'),
  node: NodeId,
  content: Content,
  prev: z.array(OpId).max(64),
});
/** Moves a node (and what is under it) to the trash; `seen` decides which concurrent edits win over it. */
export const TrashOp = z.object({ ...common, t: z.literal('trash'), node: NodeId, seen: Seen });
export const RestoreOp = z.object({ ...common, t: z.literal('restore'), node: NodeId });
/** Removes a trashed node for good, unless an edit it had not seen touched it. */
export const PurgeOp = z.object({ ...common, t: z.literal('purge'), node: NodeId, seen: Seen });

export const DriveOp = z.discriminatedUnion('t', [CreateOp, MoveOp, RenameOp, VersionOp, TrashOp, RestoreOp, PurgeOp]);
export type DriveOp = z.infer<typeof DriveOp>;
export type CreateOp = z.infer<typeof CreateOp>;
export type MoveOp = z.infer<typeof MoveOp>;
export type RenameOp = z.infer<typeof RenameOp>;
export type VersionOp = z.infer<typeof VersionOp>;
export type TrashOp = z.infer<typeof TrashOp>;
export type RestoreOp = z.infer<typeof RestoreOp>;
export type PurgeOp = z.infer<typeof PurgeOp>;
