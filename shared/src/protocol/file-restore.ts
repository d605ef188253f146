// POST /api/v1/files/{fileId}/restore, seed section 4.6: { versionId } -> { fileId, currentVersion }.
// Restoring adds the old content again as the newest version, so the versions in between stay;
// restoring the current content changes nothing.
import { z } from 'zod';
import { NodeId } from '../drive/node-id.js';
import { OpId } from '../drive/op-id.js';

export const FileRestoreRequest = z.object({ versionId: OpId });
export type FileRestoreRequest = z.infer<typeof FileRestoreRequest>;

export const FileRestoreResponse = z.object({
  fileId: NodeId,
  currentVersion: z.number().int().positive().describe('the number of the version that is now current'),
  versionId: OpId.describe('the id of the version that is now current'),
});
export type FileRestoreResponse = z.infer<typeof FileRestoreResponse>;
