// POST /api/v1/folders, seed section 4.3: { name, parentFolderId? } -> { folderId, name, createdAt }.
// The name is checked by the drive's name rules (names.ts); when a sibling already has it, the folder
// gets the next free numbered name, which `name` reports.
import { z } from 'zod';
import { FolderId } from '../ids.js';
import { IsoTime } from './drive-item.js';

export const FolderCreateRequest = z.object({
  name: z.string().max(1024),
  parentFolderId: FolderId.optional().describe('default: the root of the drive (`root`)'),
});
export type FolderCreateRequest = z.infer<typeof FolderCreateRequest>;

export const FolderCreateResponse = z.object({
  folderId: FolderId,
  name: z.string(),
  createdAt: IsoTime,
  parentFolderId: FolderId,
});
export type FolderCreateResponse = z.infer<typeof FolderCreateResponse>;
