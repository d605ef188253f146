// The drive command that makes a planned folder tree in one change, as the desktop clients do: a
// folder of the same name already in place is used as it is, and a new one is made otherwise.
// Thousands of folders are one command (one Automerge change, one render), not one each; their
// operations share one wall time, so their Lamport times are consecutive.
import type { Author } from '@sheaf/shared/drive/drive-commands';
import type { Command } from '@sheaf/shared/drive/drive-replica';
import type { DriveTree } from '@sheaf/shared/drive/drive-tree';
import { nameKey, uniqueSiblingName, validateName } from '@sheaf/shared/drive/names';
import { NodeId } from '@sheaf/shared/drive/node-id';
import type { CreateOp } from '@sheaf/shared/drive/ops';
import { toHex } from '@sheaf/shared/hex';
import { err, ok } from '@sheaf/shared/result';
import type { PlannedFolder } from './folder-plan.js';

/** Where each planned folder is (by key, '' being the target), and those that could not be made. */
export type FolderTreeMade = {
  readonly ids: Map<string, NodeId>;
  /** Planned folders not made, each with why (a name the drive refuses, or its parent not made). */
  readonly refused: Array<{ readonly path: string; readonly message: string }>;
};

const newFolderId = (a: Author): NodeId => NodeId.parse(`fo_${toHex(a.random(16))}`);

/**
 * A command that finds or makes `folders` (parents first) below `target`, filling `made` as it runs
 * (a command answers only operations).
 */
export function folderTreeCommand(target: NodeId, folders: readonly PlannedFolder[], made: FolderTreeMade): Command {
  return (a: Author, tree: DriveTree) => {
    const into = tree.nodes.get(target);
    if (into === undefined) return err({ kind: 'not_found', message: 'That folder no longer exists.' });
    if (into.kind !== 'folder') return err({ kind: 'not_a_folder', message: `“${into.name}” is not a folder.` });
    if (into.inTrash) return err({ kind: 'in_trash', message: `“${into.name}” is in the trash.` });

    const at = a.now();
    const ops: CreateOp[] = [];
    /** Names given in this command, per parent: the tree does not hold them yet. */
    const given = new Map<NodeId, Set<string>>();
    const fresh = new Set<NodeId>();
    made.ids.set('', target);

    for (const folder of folders) {
      const parent = made.ids.get(folder.parentKey);
      const path = folder.names.join('/');
      if (parent === undefined) {
        made.refused.push({ path, message: 'its parent folder could not be made' });
        continue;
      }
      const name = validateName(folder.names[folder.names.length - 1] ?? '');
      if (!name.ok) {
        made.refused.push({ path, message: name.error.message });
        continue;
      }
      const key = nameKey(name.value);
      const existing = fresh.has(parent)
        ? undefined
        : tree.children(parent).find((c) => c.kind === 'folder' && !c.inTrash && nameKey(c.name) === key);
      if (existing !== undefined) {
        made.ids.set(folder.key, existing.id);
        continue;
      }
      const names = given.get(parent) ?? new Set<string>();
      given.set(parent, names);
      // A file of that name in place: the folder takes the next free name, "Docs (1)".
      const free = uniqueSiblingName(
        name.value,
        (k) => names.has(k) || (!fresh.has(parent) && tree.nameTaken(parent, k)),
      );
      names.add(nameKey(free));
      const node = newFolderId(a);
      fresh.add(node);
      made.ids.set(folder.key, node);
      ops.push({
        id: a.log.nextId(at),
        at,
        by: a.userId,
        device: a.device,
        t: 'create',
        node,
        kind: 'folder',
        parent,
        name: free,
      });
    }
    return ok(ops);
  };
}
