// GET /api/v1/folders/{folderId}/contents, seed section 4.3: one page of a folder's live children.
// Folders come before files (as the drive shows them), each group sorted by `sortBy` and `order`,
// ties by name; a page is cut from that one sequence and split into `folders` and `files`.
import { z } from 'zod';
import { FolderId } from '../ids.js';
import { DriveFileItem, DriveFolderItem } from './drive-item.js';
import { queryInt } from './query-int.js';

export const MAX_CONTENTS_PAGE = 1000;

export const FolderParams = z.object({ folderId: FolderId });

export const FolderContentsQuery = z.object({
  page: queryInt(1, 1_000_000).default(1).describe('1-based; default 1'),
  limit: queryInt(1, MAX_CONTENTS_PAGE)
    .default(100)
    .describe(`children per page, at most ${MAX_CONTENTS_PAGE}; default 100`),
  sortBy: z.enum(['name', 'size', 'updatedAt', 'type']).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type FolderContentsQuery = z.infer<typeof FolderContentsQuery>;

export const FolderContentsResponse = z.object({
  files: z.array(DriveFileItem),
  folders: z.array(DriveFolderItem),
  totalCount: z.number().int().nonnegative().describe('live children of the folder, over all pages'),
  page: z.number().int().positive(),
});
export type FolderContentsResponse = z.infer<typeof FolderContentsResponse>;
