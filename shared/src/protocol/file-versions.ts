// GET /api/v1/files/{fileId}/versions, seed section 4.6: the file's versions, oldest first; `version`
// counts from 1 and the last one is the current content. `versionId` is what /restore takes.
import { z } from 'zod';
import { ChunkHash } from '../ids.js';
import { OpId } from '../drive/op-id.js';
import { IsoTime } from './drive-item.js';

export const FileVersion = z.object({
  versionId: OpId,
  version: z.number().int().positive(),
  size: z.number().int().nonnegative(),
  createdAt: IsoTime,
  createdBy: z.string(),
  device: z.string(),
  contentHash: ChunkHash,
  mediaType: z.string(),
  /** Not kept by the drive's retention rule: its bytes are or will be removed; it cannot be restored. */
  expired: z.boolean(),
});
export type FileVersion = z.infer<typeof FileVersion>;

export const FileVersionsResponse = z.object({ versions: z.array(FileVersion) });
export type FileVersionsResponse = z.infer<typeof FileVersionsResponse>;
