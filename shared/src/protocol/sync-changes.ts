// GET /api/v1/sync/changes, seed section 4.4: the caller's drive as a list of changes after a cursor,
// one per drive operation, in the order the relay recorded them. Page with `nextSyncTimestamp` until
// `hasMore` is false; every change comes exactly once. A change says what one operation did (its own
// fields), not the node's state now: replay them in order, or re-read the node's metadata.
import { z } from 'zod';
import { ChunkHash } from '../ids.js';
import { NodeId } from '../drive/node-id.js';
import { OpId } from '../drive/op-id.js';
import { queryInt } from './query-int.js';
import { SyncCursor } from './sync-cursor.js';
import { SyncDeviceId } from './sync-register-device.js';

export const MAX_CHANGES_PAGE = 1000;
export const DEFAULT_CHANGES_PAGE = 200;

export const SyncChangesQuery = z.object({
  lastSyncTimestamp: z
    .union([z.literal(''), SyncCursor])
    .optional()
    .describe('the cursor of the previous page (`nextSyncTimestamp`); empty or absent: from the beginning'),
  deviceId: SyncDeviceId.optional().describe('a registered device; its last-seen time is updated'),
  limit: queryInt(1, MAX_CHANGES_PAGE)
    .default(DEFAULT_CHANGES_PAGE)
    .describe(`changes per page, at most ${MAX_CHANGES_PAGE}; default ${DEFAULT_CHANGES_PAGE}`),
});
export type SyncChangesQuery = z.infer<typeof SyncChangesQuery>;

/** One per kind of drive operation: create, move, rename, version, trash, restore, purge. */
export const ChangeOperation = z.enum(['created', 'moved', 'renamed', 'edited', 'trashed', 'restored', 'purged']);
export type ChangeOperation = z.infer<typeof ChangeOperation>;

export const ChangeMetadata = z.object({
  name: z.string().optional().describe('created, renamed: the name the operation set'),
  parentId: NodeId.optional().describe('created, moved: the folder the operation put the node in'),
  kind: z.enum(['folder', 'file']).optional().describe('created'),
  size: z.number().int().nonnegative().optional().describe('created (files), edited: bytes of the content'),
  mediaType: z.string().optional(),
  contentHash: ChunkHash.optional(),
  by: z.string().describe('the user who made the operation'),
  device: z.string().describe('the name of the device it was made on'),
});
export type ChangeMetadata = z.infer<typeof ChangeMetadata>;

export const Change = z.object({
  changeId: OpId.describe('the operation id; what /sync/acknowledge takes'),
  fileId: NodeId.describe('the file or folder the operation is about'),
  operation: ChangeOperation,
  timestamp: z.iso.datetime().describe("the author device's clock when it made the operation; not an order"),
  metadata: ChangeMetadata,
});
export type Change = z.infer<typeof Change>;

export const SyncChangesResponse = z.object({
  changes: z.array(Change),
  nextSyncTimestamp: SyncCursor.describe('send back as lastSyncTimestamp for the next page'),
  hasMore: z.boolean().describe('true when more changes follow this page right away'),
});
export type SyncChangesResponse = z.infer<typeof SyncChangesResponse>;
