// What a drop holds, folders included: the entries must be taken while the drop event runs (the
// browser empties the DataTransfer once it returns), then folders are walked without recursion.
// `readEntries` answers a directory a batch at a time (100 in Chromium) until it answers nothing.
// Only File objects are kept, so a drop of thousands of files holds no bytes.
import type { Picked, PickedFile } from './folder-plan.js';

/**
 * The drop's entries, read now, during the event; undefined when the browser gives none (then the
 * drop's plain `files` are all there is).
 */
export function takeEntries(transfer: DataTransfer): FileSystemEntry[] | undefined {
  const items = Array.from(transfer.items).filter((item) => item.kind === 'file');
  if (items.length === 0 || typeof items[0]?.webkitGetAsEntry !== 'function') return undefined;
  const entries = items.map((item) => item.webkitGetAsEntry()).filter((entry) => entry !== null);
  return entries.length === items.length ? entries : undefined;
}

const isFile = (entry: FileSystemEntry): entry is FileSystemFileEntry => entry.isFile;
const isDirectory = (entry: FileSystemEntry): entry is FileSystemDirectoryEntry => entry.isDirectory;

const fileOf = (entry: FileSystemFileEntry): Promise<File> =>
  new Promise((resolve, reject) => entry.file(resolve, reject));

const batchOf = (reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> =>
  new Promise((resolve, reject) => reader.readEntries(resolve, reject));

/** "/Photos/a.jpg" → "Photos/a.jpg": paths are relative to the drop. */
const relative = (entry: FileSystemEntry): string => entry.fullPath.replace(/^\/+/u, '');

export type ReadDrop = Picked & {
  /** Entries that could not be read (removed meanwhile, or not allowed). */
  readonly unreadable: number;
};

/** Walks the dropped entries: every file with its path, and the folders that hold nothing. */
export async function readEntries(entries: readonly FileSystemEntry[]): Promise<ReadDrop> {
  const files: PickedFile[] = [];
  const emptyFolders: string[] = [];
  let unreadable = 0;
  const stack = [...entries].reverse();
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    try {
      if (isFile(entry)) {
        files.push({ file: await fileOf(entry), path: relative(entry) });
      } else if (isDirectory(entry)) {
        const reader = entry.createReader();
        const children: FileSystemEntry[] = [];
        for (let batch = await batchOf(reader); batch.length > 0; batch = await batchOf(reader))
          children.push(...batch);
        if (children.length === 0) emptyFolders.push(relative(entry));
        // Reversed onto the stack, so a folder's entries are read in the order the browser gave them.
        for (let i = children.length - 1; i >= 0; i--) {
          const child = children[i];
          if (child !== undefined) stack.push(child);
        }
      }
    } catch {
      unreadable++;
    }
  }
  return { files, emptyFolders, unreadable };
}
