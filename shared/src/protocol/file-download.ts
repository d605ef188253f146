// GET /api/v1/files/{fileId}/download, seed section 4.1: the file's bytes, streamed. The current
// version unless `versionId` names another. Range and If-Range work as in RFC 9110 (one range), so an
// interrupted download resumes (`curl -C -`); the ETag is the version's content hash.
import { z } from 'zod';
import { OpId } from '../drive/op-id.js';

export const FileDownloadQuery = z.object({ versionId: OpId.optional() });
export type FileDownloadQuery = z.infer<typeof FileDownloadQuery>;
