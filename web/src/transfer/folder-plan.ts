// What a folder dropped or picked becomes in the drive: the folders to find or make (parents
// first, each once, matched the way sibling names collide) and, for each file, the folder it goes
// in. Pure, from relative paths: a drop gives them from its directory entries, a folder picker
// from `webkitRelativePath`. Only File objects are held, never their bytes.
import { nameKey } from '@sheaf/shared/drive/names';

/** A file picked or dropped, with its path below the drop ("Photos/2024/a.jpg", or just "a.jpg"). */
export type PickedFile = { readonly file: File; readonly path: string };

/** What a drop or a folder picker gave: files, and folders with nothing in them (made too). */
export type Picked = { readonly files: readonly PickedFile[]; readonly emptyFolders: readonly string[] };

/** A folder to find or make, as its path of names below the target folder. */
export type PlannedFolder = {
  readonly key: string;
  readonly names: readonly string[];
  /** The key of the folder it is in; '' for the target folder itself. */
  readonly parentKey: string;
};

export type PlannedFile = {
  readonly file: File;
  /** The key of the folder it goes in; '' for the target folder itself. */
  readonly folderKey: string;
  /** Its folder's path as shown ("Photos/2024"); '' in the target folder. */
  readonly folderPath: string;
};

export type FolderPlan = { readonly folders: readonly PlannedFolder[]; readonly files: readonly PlannedFile[] };

/** "a//b/" → ["a", "b"]: empty segments (a leading or doubled slash) name nothing. */
const segments = (path: string): string[] => path.split('/').filter((part) => part !== '');

/** Folders are keyed like sibling names collide ("Docs" and "docs" are one folder), path by path. */
const keyOf = (names: readonly string[]): string => names.map((name) => nameKey(name)).join('/');

export function planFolders(picked: Picked): FolderPlan {
  const folders = new Map<string, PlannedFolder>();
  /** Adds a folder and its ancestors, parents first; answers its key and the spelling first seen. */
  const addFolder = (names: readonly string[]): { key: string; path: string } => {
    let parentKey = '';
    const kept: string[] = [];
    for (let depth = 0; depth < names.length; depth++) {
      const key = keyOf(names.slice(0, depth + 1));
      let folder = folders.get(key);
      if (folder === undefined) {
        folder = { key, names: [...kept, names[depth] ?? ''], parentKey };
        folders.set(key, folder);
      }
      kept.splice(0, kept.length, ...folder.names);
      parentKey = key;
    }
    return { key: parentKey, path: kept.join('/') };
  };

  for (const path of picked.emptyFolders) addFolder(segments(path));
  const files = picked.files.map(({ file, path }): PlannedFile => {
    const names = segments(path).slice(0, -1);
    const { key, path: folderPath } = addFolder(names);
    return { file, folderKey: key, folderPath };
  });
  // A Map keeps insertion order, and a folder is inserted after its parent.
  return { folders: [...folders.values()], files };
}

/** The relative path of a file from a folder picker, or its name when picked alone (or outside a browser). */
export const relativePath = (file: File): string =>
  'webkitRelativePath' in file && file.webkitRelativePath !== '' ? file.webkitRelativePath : file.name;
