// POST /api/v1/files/commit: after uploading a file's chunks (PUT /chunks/{sha256}), a chunking
// client names them in order and the relay records the file: a new file, or a new version when a
// file of that name is already in the folder (as saving over a file does on every drive).
import { z } from 'zod';
import { Manifest } from '../drive/manifest.js';
import { OpId } from '../drive/op-id.js';
import { FolderId } from '../ids.js';
import { NodeId } from '../drive/node-id.js';
import { IsoTime } from './drive-item.js';

export const FileCommitRequest = z.object({
  parentFolderId: FolderId.optional().describe('default: the root of the drive (`root`)'),
  name: z.string().max(1024),
  manifest: Manifest,
  mediaType: z.string().max(255).optional().describe('default: guessed from the name'),
});
export type FileCommitRequest = z.infer<typeof FileCommitRequest>;

export const FileCommitResponse = z.object({
  fileId: NodeId,
  name: z.string(),
  size: z.number().int().nonnegative(),
  /** 1 for a new file; counts up with each version. */
  version: z.number().int().positive(),
  versionId: OpId,
  uploadedAt: IsoTime,
});
export type FileCommitResponse = z.infer<typeof FileCommitResponse>;
