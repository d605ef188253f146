// PUT /api/v1/files/{fileId}, seed section 4.2: { name?, parentFolderId? } -> { fileId, updatedFields }.
// Moves first, then renames. A move into a folder that already has the name numbers it, so `name` may
// change even when only `parentFolderId` was sent; `updatedFields` lists what actually changed.
import { z } from 'zod';
import { FolderId } from '../ids.js';
import { NodeId } from '../drive/node-id.js';

export const FileUpdateRequest = z
  .object({
    name: z.string().max(1024).optional(),
    parentFolderId: FolderId.optional(),
  })
  .refine((b) => b.name !== undefined || b.parentFolderId !== undefined, 'send name, parentFolderId or both');
export type FileUpdateRequest = z.infer<typeof FileUpdateRequest>;

export const FileUpdateResponse = z.object({
  fileId: NodeId,
  updatedFields: z.array(z.enum(['name', 'parentFolderId'])),
  name: z.string(),
  parentFolderId: NodeId,
});
export type FileUpdateResponse = z.infer<typeof FileUpdateResponse>;
