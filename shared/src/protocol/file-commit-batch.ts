// POST /api/v1/files/commit-batch: many files of one folder recorded in one drive change, each as
// POST /files/commit would record it (a new file, or a new version of the file of that name). A
// folder of small files then costs one change per thousand files rather than one per file. Each file
// is answered on its own: one that cannot be recorded (a bad name, a chunk not uploaded) does not
// hold back the others; what concerns the whole batch (the folder, the quota) fails the request.
import { z } from 'zod';
import { Manifest } from '../drive/manifest.js';
import { FolderId } from '../ids.js';
import { ErrorBody } from './error-kind.js';
import { FileCommitResponse } from './file-commit.js';

/** Most files in one batch: about one 7 ms change's worth per file at most a few seconds in all. */
export const MAX_COMMIT_BATCH = 1000;
/** Manifests of large files are long; a batch of them still fits. */
export const MAX_COMMIT_BATCH_BYTES = 8 * 1024 * 1024;

export const FileCommitBatchEntry = z.object({
  name: z.string().max(1024),
  manifest: Manifest,
  mediaType: z.string().max(255).optional().describe('default: guessed from the name'),
});
export type FileCommitBatchEntry = z.infer<typeof FileCommitBatchEntry>;

export const FileCommitBatchRequest = z.object({
  parentFolderId: FolderId.optional().describe('default: the root of the drive (`root`)'),
  files: z.array(FileCommitBatchEntry).min(1).max(MAX_COMMIT_BATCH),
});
export type FileCommitBatchRequest = z.infer<typeof FileCommitBatchRequest>;

/** One file's answer: what POST /files/commit would answer, a record or an error body. */
export const FileCommitBatchResult = z.union([FileCommitResponse, ErrorBody]);
export type FileCommitBatchResult = z.infer<typeof FileCommitBatchResult>;

export const FileCommitBatchResponse = z.object({
  /** One answer per file, in the order sent. */
  files: z.array(FileCommitBatchResult),
});
export type FileCommitBatchResponse = z.infer<typeof FileCommitBatchResponse>;
