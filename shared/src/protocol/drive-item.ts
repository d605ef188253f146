// A file or folder as the REST routes describe it (seed 3.2 and 3.3): what a listing shows of a node
// of the caller's drive. Times are ISO 8601 from the authoring device's clock.
import { z } from 'zod';
import { ChunkHash } from '../ids.js';
import { NodeId } from '../drive/node-id.js';

export const IsoTime = z.iso.datetime();

const common = {
  id: NodeId,
  name: z.string(),
  parentId: NodeId,
  createdAt: IsoTime,
  updatedAt: IsoTime.describe('the last rename, move, new version, trash or restore'),
  createdBy: z.string(),
  updatedBy: z.string(),
};

export const DriveFolderItem = z.object({ ...common, kind: z.literal('folder') });
export type DriveFolderItem = z.infer<typeof DriveFolderItem>;

export const DriveFileItem = z.object({
  ...common,
  kind: z.literal('file'),
  size: z.number().int().nonnegative(),
  mediaType: z.string(),
  contentHash: ChunkHash.optional(),
  version: z.number().int().nonnegative().describe('how many versions the file has'),
  conflictOf: NodeId.optional().describe('for a conflicted copy: the file it split from'),
});
export type DriveFileItem = z.infer<typeof DriveFileItem>;
