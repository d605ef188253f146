// Files and folders of the caller's drive by id (seed 4.2 and 4.6): rename and move, delete to the
// trash, metadata, versions and restoring one. Every write is a drive command run by the relay's
// replica, so devices receive it by sync like any other device's edit.
import { move, rename, restoreVersion, trash } from '@sheaf/shared/drive/drive-commands';
import type { Command } from '@sheaf/shared/drive/drive-replica';
import { validateName } from '@sheaf/shared/drive/names';
import { NodeId } from '@sheaf/shared/drive/node-id';
import { retainedVersions } from '@sheaf/shared/drive/retention';
import {
  fileDeleteRoute,
  fileMetadataRoute,
  fileRestoreRoute,
  fileUpdateRoute,
  fileVersionsRoute,
} from '@sheaf/shared/protocol/routes';
import { fail, isFailure } from '../http/api-error.js';
import type { Mounter } from '../http/mount.js';
import type { Clock } from '../clock.js';
import type { DriveHub } from '../drive/drive-hub.js';
import { metadataOf, versionsOf } from '../drive/node-views.js';
import { callerDrive, commandFailure } from './drive-access.js';

export type FileRouteDeps = { readonly hub: DriveHub; readonly clock: Clock };

const NOT_FOUND = 'no such file or folder';

export function mountFileRoutes(m: Mounter, { hub, clock }: FileRouteDeps): void {
  m.mount(fileUpdateRoute, async ({ caller, params, body }) => {
    const drive = await callerDrive(hub, caller);
    if (isFailure(drive)) return drive;
    const id = params.fileId;
    const before = drive.replica().tree().nodes.get(id);
    if (before === undefined) return fail('not_found', NOT_FOUND);
    const commands: Command[] = [];
    if (body.parentFolderId !== undefined) {
      const parent = NodeId.parse(body.parentFolderId);
      commands.push((author, tree) => move(author, tree, id, parent));
    }
    if (body.name !== undefined) {
      // Checked before anything is written, so a bad name cannot leave the move done and the rename not.
      const name = validateName(body.name);
      if (!name.ok)
        return fail('bad_request', name.error.message, { details: [{ path: 'name', message: name.error.message }] });
      commands.push((author, tree) => rename(author, tree, id, name.value));
    }
    const made = await hub.apply(drive, commands);
    if (!made.ok) return commandFailure(made.error);
    let name: string = before.name;
    let parent: NodeId = before.parent;
    for (const op of made.value) {
      if (op.t === 'rename') name = op.name;
      if (op.t === 'move') parent = op.parent;
    }
    const updatedFields: Array<'name' | 'parentFolderId'> = [];
    if (name !== before.name) updatedFields.push('name');
    if (parent !== before.parent) updatedFields.push('parentFolderId');
    return { fileId: id, updatedFields, name, parentFolderId: parent };
  });

  m.mount(fileDeleteRoute, async ({ caller, params }) => {
    const drive = await callerDrive(hub, caller);
    if (isFailure(drive)) return drive;
    const node = drive.replica().tree().nodes.get(params.fileId);
    if (node === undefined) return fail('not_found', NOT_FOUND);
    // DELETE is idempotent: a retry after a lost answer finds it in the trash already, and succeeds.
    if (node.inTrash) return { success: true as const };
    const made = await hub.apply(drive, [(author, tree) => trash(author, tree, node.id)]);
    return made.ok ? { success: true as const } : commandFailure(made.error);
  });

  m.mount(fileMetadataRoute, async ({ caller, params }) => {
    const drive = await callerDrive(hub, caller);
    if (isFailure(drive)) return drive;
    const node = drive.replica().tree().nodes.get(params.fileId);
    return node === undefined ? fail('not_found', NOT_FOUND) : metadataOf(node, drive.owner);
  });

  m.mount(fileVersionsRoute, async ({ caller, params }) => {
    const drive = await callerDrive(hub, caller);
    if (isFailure(drive)) return drive;
    const node = drive.replica().tree().nodes.get(params.fileId);
    if (node === undefined) return fail('not_found', NOT_FOUND);
    if (node.kind === 'folder') return fail('conflict', `“${node.name}” is a folder: folders have no versions.`);
    return { versions: versionsOf(node, retainedVersions(node.versions, drive.retention(), clock.now())) };
  });

  m.mount(fileRestoreRoute, async ({ caller, params, body }) => {
    const drive = await callerDrive(hub, caller);
    if (isFailure(drive)) return drive;
    const id = params.fileId;
    const node = drive.replica().tree().nodes.get(id);
    const kept = node === undefined ? undefined : retainedVersions(node.versions, drive.retention(), clock.now());
    if (kept !== undefined && node?.versions.some((v) => v.op === body.versionId) && !kept.has(body.versionId)) {
      return fail('gone', 'That version has expired under the drive’s version history setting; it cannot be restored.');
    }
    const made = await hub.apply(drive, [(author, tree) => restoreVersion(author, tree, id, body.versionId)]);
    if (!made.ok) return commandFailure(made.error);
    const versions = drive.replica().tree().nodes.get(id)?.versions ?? [];
    // The version this request made; none when the old content already was the current one.
    const added = made.value.find((op) => op.t === 'version');
    const found = added === undefined ? -1 : versions.findIndex((v) => v.op === added.id);
    const at = found >= 0 ? found : versions.length - 1;
    const current = versions[at];
    if (current === undefined) return fail('not_found', NOT_FOUND);
    return { fileId: id, currentVersion: at + 1, versionId: current.op };
  });
}
