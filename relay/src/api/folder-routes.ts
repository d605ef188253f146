// Folders of the caller's drive (seed 4.3): create one, list one page of a folder's children.
import { createFolder } from '@sheaf/shared/drive/drive-commands';
import { NodeId, ROOT_ID } from '@sheaf/shared/drive/node-id';
import { folderContentsRoute, folderCreateRoute } from '@sheaf/shared/protocol/routes';
import { fail, isFailure } from '../http/api-error.js';
import type { Mounter } from '../http/mount.js';
import type { DriveHub } from '../drive/drive-hub.js';
import { isoTime } from '../drive/iso-time.js';
import { folderPage } from '../drive/node-views.js';
import { callerDrive, commandFailure } from './drive-access.js';

export type FolderRouteDeps = { readonly hub: DriveHub };

export function mountFolderRoutes(m: Mounter, { hub }: FolderRouteDeps): void {
  m.mount(folderCreateRoute, async ({ caller, body }) => {
    const drive = await callerDrive(hub, caller);
    if (isFailure(drive)) return drive;
    // A folder id is a node id of a folder: the schemas differ only in what they admit.
    const parent = NodeId.parse(body.parentFolderId ?? ROOT_ID);
    const made = await hub.apply(drive, [(author, tree) => createFolder(author, tree, parent, body.name)]);
    if (!made.ok) return commandFailure(made.error);
    const op = made.value[0];
    if (op?.t !== 'create') throw new Error('createFolder made no create operation');
    return { folderId: op.node, name: op.name, createdAt: isoTime(op.at), parentFolderId: op.parent };
  });

  m.mount(folderContentsRoute, async ({ caller, params, query }) => {
    const drive = await callerDrive(hub, caller);
    if (isFailure(drive)) return drive;
    const tree = drive.replica().tree();
    const folder = tree.nodes.get(NodeId.parse(params.folderId));
    if (folder === undefined) return fail('not_found', 'no such folder');
    if (folder.kind !== 'folder') return fail('conflict', `“${folder.name}” is not a folder.`);
    if (folder.inTrash) return fail('conflict', `“${folder.name}” is in the trash.`);
    return folderPage(tree, folder.id, query);
  });
}
