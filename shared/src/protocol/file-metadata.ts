// GET /api/v1/files/{fileId}/metadata, seed section 4.2:
// { fileId, name, size, ownerId, createdAt, updatedAt, version } (version: how many versions it has).
import { z } from 'zod';
import { UserId } from '../ids.js';
import { NodeId } from '../drive/node-id.js';
import { IsoTime } from './drive-item.js';

export const FileMetadataResponse = z.object({
  fileId: NodeId,
  name: z.string(),
  size: z.number().int().nonnegative().describe('0 for a folder'),
  ownerId: UserId,
  createdAt: IsoTime,
  updatedAt: IsoTime,
  version: z.number().int().nonnegative().describe('the number of versions; 0 for a folder'),
  kind: z.enum(['folder', 'file']),
  parentId: NodeId,
  mediaType: z.string().optional(),
  inTrash: z.boolean(),
});
export type FileMetadataResponse = z.infer<typeof FileMetadataResponse>;
