// The shape of a user's drive document as the first slice stores it: a flat map of file entries.
// The drive issue replaces this with a sharded tree and a move log; readers parse with
// `DriveDoc` so that a document written by a newer client fails loudly instead of half-rendering.
import { z } from 'zod';
import { ChunkHash, FileId, FolderId } from '../ids.js';

export const ManifestChunk = z.object({ hash: ChunkHash, size: z.number().int().nonnegative() });
export type ManifestChunk = z.infer<typeof ManifestChunk>;

/** The ordered chunks of one version of a file's content. */
export const Manifest = z.object({
  size: z.number().int().nonnegative(),
  chunks: z.array(ManifestChunk),
});
export type Manifest = z.infer<typeof Manifest>;

export const FileEntry = z.object({
  id: FileId,
  name: z.string().min(1).max(255),
  parentId: FolderId,
  size: z.number().int().nonnegative(),
  mediaType: z.string(),
  manifest: Manifest,
  createdAt: z.number().int(),
  createdBy: z.string(),
  deviceName: z.string(),
});
export type FileEntry = z.infer<typeof FileEntry>;

export const DRIVE_DOC_VERSION = 1;

export const DriveDoc = z.object({
  schemaVersion: z.literal(DRIVE_DOC_VERSION),
  files: z.record(z.string(), FileEntry),
});
export type DriveDoc = z.infer<typeof DriveDoc>;

export const emptyDrive = (): DriveDoc => ({ schemaVersion: DRIVE_DOC_VERSION, files: {} });
