// Uploads what was picked or dropped into a folder of the drive: the folder tree first, in one
// drive change, then every file queued into its folder. A folder the drive refuses (a name it does
// not allow) is said, with how many of its files were left out, rather than flattened elsewhere.
import type { NodeId } from '@sheaf/shared/drive/node-id';
import type { Result } from '@sheaf/shared/result';
import { planFolders, type Picked, type PlannedFolder } from './folder-plan.js';
import type { FolderTreeMade } from './folder-tree.js';
import type { UploadItem } from './upload-queue.js';

export type FolderUploadDeps = {
  readonly createFolders: (target: NodeId, folders: readonly PlannedFolder[]) => Result<FolderTreeMade, string>;
  readonly addItems: (items: readonly UploadItem[]) => void;
  /** Tells the user what could not be uploaded. */
  readonly report: (message: string) => void;
};

const files = (n: number): string => `${n.toLocaleString()} ${n === 1 ? 'file' : 'files'}`;

export function uploadPicked(
  picked: Picked & { readonly unreadable?: number },
  target: NodeId,
  deps: FolderUploadDeps,
): void {
  const unreadable = picked.unreadable ?? 0;
  if (unreadable > 0) {
    deps.report(`${unreadable.toLocaleString()} dropped ${unreadable === 1 ? 'item' : 'items'} could not be read.`);
  }
  const plan = planFolders(picked);
  let ids = new Map<string, NodeId>([['', target]]);
  if (plan.folders.length > 0) {
    const made = deps.createFolders(target, plan.folders);
    if (!made.ok) {
      deps.report(`The folders could not be created: ${made.error}`);
      return;
    }
    ids = made.value.ids;
    const first = made.value.refused[0];
    if (first !== undefined) {
      const left = plan.files.filter((file) => !ids.has(file.folderKey)).length;
      const others = made.value.refused.length - 1;
      deps.report(
        `“${first.path}” could not be created (${first.message})` +
          `${others > 0 ? ` nor ${others} more ${others === 1 ? 'folder' : 'folders'}` : ''}` +
          `${left > 0 ? `; ${files(left)} in ${others > 0 ? 'them' : 'it'} ${left === 1 ? 'was' : 'were'} not uploaded` : ''}.`,
      );
    }
  }
  const items: UploadItem[] = [];
  for (const { file, folderKey, folderPath } of plan.files) {
    const folder = ids.get(folderKey);
    if (folder !== undefined) items.push({ file, folder, folderPath });
  }
  deps.addItems(items);
}
