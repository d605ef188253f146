// The path parameter of /api/v1/files/{fileId}/...: any node of the drive, folders included (the seed
// renames, moves and deletes folders through the same routes).
import { z } from 'zod';
import { NodeId } from '../drive/node-id.js';

export const FileParams = z.object({ fileId: NodeId });
export type FileParams = z.infer<typeof FileParams>;
