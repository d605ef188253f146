// Reads the file list out of a drive document as it arrives from Automerge. Each entry is parsed
// on its own, so one entry written by a newer or broken client hides that file, not the drive.
import { z } from 'zod';
import { DRIVE_DOC_VERSION, FileEntry } from '@sheaf/shared/drive/drive-doc';

export type DriveFiles = {
  /** Newest first. */
  readonly files: readonly FileEntry[];
  /** Entries that did not parse, so the UI can say that some files are hidden. */
  readonly unreadable: number;
  /** The document says it was written by a newer schema than this app knows. */
  readonly newerSchema: boolean;
};

const DriveShape = z.object({
  schemaVersion: z.number(),
  files: z.custom<object>((value) => typeof value === 'object' && value !== null),
});

export function readDrive(doc: unknown): DriveFiles {
  const drive = DriveShape.safeParse(doc);
  if (!drive.success) return { files: [], unreadable: 0, newerSchema: false };
  const files: FileEntry[] = [];
  let unreadable = 0;
  for (const value of Object.values(drive.data.files)) {
    const entry = FileEntry.safeParse(value);
    if (entry.success) files.push(entry.data);
    else unreadable++;
  }
  files.sort((a, b) => b.createdAt - a.createdAt || a.name.localeCompare(b.name));
  return { files, unreadable, newerSchema: drive.data.schemaVersion > DRIVE_DOC_VERSION };
}
