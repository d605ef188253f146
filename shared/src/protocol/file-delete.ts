// DELETE /api/v1/files/{fileId}, seed section 4.2: moves a file or folder to the trash (never destroys
// it; the trash is emptied by its own action). Deleting what is already in the trash succeeds again.
import { z } from 'zod';

export const FileDeleteResponse = z.object({ success: z.literal(true) });
export type FileDeleteResponse = z.infer<typeof FileDeleteResponse>;
