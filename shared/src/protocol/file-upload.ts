// POST /api/v1/files/upload, seed section 4.1, for clients that do not chunk: one multipart/form-data
// request with a `file` part, an optional `parentFolderId` field and a `metadata` field holding JSON
// `{name, size, checksum}`. The relay chunks the stream itself, never holding the file whole; a
// `checksum` (SHA-256 of the whole file, hex, optionally prefixed `sha256:`) or `size` that does not
// match the bytes is refused with nothing stored.
import { z } from 'zod';
import { NodeId } from '../drive/node-id.js';
import { IsoTime } from './drive-item.js';

export const UploadMetadata = z.object({
  name: z.string().max(1024).optional().describe("default: the file part's filename"),
  size: z.number().int().nonnegative().optional(),
  checksum: z
    .string()
    .regex(/^(sha256:)?[0-9a-fA-F]{64}$/, 'a SHA-256 in hex, optionally prefixed sha256:')
    .optional(),
});
export type UploadMetadata = z.infer<typeof UploadMetadata>;

export const FileUploadResponse = z.object({
  fileId: NodeId,
  name: z.string(),
  size: z.number().int().nonnegative(),
  uploadedAt: IsoTime,
});
export type FileUploadResponse = z.infer<typeof FileUploadResponse>;
