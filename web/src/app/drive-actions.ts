// What the UI can do to the drive, each one a shared command run through the drive sync, with its
// failure as a sentence. Actions invoked from menus report failures as toasts themselves; the two
// that edit a name in place (new folder, rename) hand the error back for the input to show. Moves,
// renames and deletions go on an undo stack (Ctrl+Z) and their toast offers the same Undo.
import * as commands from '@sheaf/shared/drive/drive-commands';
import type { Command } from '@sheaf/shared/drive/drive-replica';
import { nameKey } from '@sheaf/shared/drive/names';
import { ROOT, type NodeId } from '@sheaf/shared/drive/node-id';
import type { OpId } from '@sheaf/shared/drive/op-id';
import type { DriveOp } from '@sheaf/shared/drive/ops';
import { retainedVersions, type Retention } from '@sheaf/shared/drive/retention';
import { err, ok, type Result } from '@sheaf/shared/result';
import type { DriveSync } from '../sync/drive-sync.js';
import type { PlannedFolder } from '../transfer/folder-plan.js';
import { folderTreeCommand, type FolderTreeMade } from '../transfer/folder-tree.js';
import { placeUploadsCommand } from '../transfer/small-files-placement.js';
import type { Placement, PlaceUpload, PlaceUploads } from '../transfer/upload-queue.js';
import type { ToastAction, Toasts } from './toasts.js';
import { createUndoStack } from './undo.js';

export type DriveActions = {
  /** The new folder's id, or why it could not be made (for the name input to show). */
  createFolder(parent: NodeId, name: string): Result<NodeId, string>;
  /** Nothing, or why not (for the name input to show). */
  rename(id: NodeId, name: string): Result<void, string>;
  /** Moves and offers Undo. */
  move(id: NodeId, parent: NodeId): boolean;
  /** Moves each item, as one step to undo; false when none moved. */
  moveMany(ids: readonly NodeId[], parent: NodeId): boolean;
  copy(id: NodeId, parent: NodeId): boolean;
  /** Moves to the trash and offers Undo. */
  trash(id: NodeId): boolean;
  /** Moves every item to the trash in one change, as one step to undo. */
  trashMany(ids: readonly NodeId[]): boolean;
  /** Undoes the last move, rename or deletion (Ctrl+Z), saying what it undid. */
  undo(): void;
  restore(id: NodeId): boolean;
  purge(id: NodeId): boolean;
  emptyTrash(): boolean;
  /** Refused for a version the retention rule expired: its bytes are gone or going from the relay. */
  restoreVersion(id: NodeId, version: OpId): boolean;
  /** Sets the drive's version history rule; nothing, or why not (for the settings dialog to show). */
  setRetention(rule: Retention): Result<void, string>;
  /** A finished upload: a new version of the file of that name in `folder`, else a new file. */
  placeUpload: PlaceUpload;
  /** Finished uploads placed as `placeUpload` places each, all in one change; answered per file. */
  placeUploads: PlaceUploads;
  /** A folder upload's tree below `target`, found or made in one change. */
  createFolders(target: NodeId, folders: readonly PlannedFolder[]): Result<FolderTreeMade, string>;
};

const quoted = (name: string): string => `“${name}”`;

/** Where an item was, to put it back. */
type Place = { readonly id: NodeId; readonly parent: NodeId; readonly name: string };

export function createDriveActions(drive: DriveSync, toasts: Toasts): DriveActions {
  const run = (command: Command): Result<DriveOp[], string> => {
    const made = drive.run(command);
    return made.ok ? made : err(made.error.message);
  };
  const nameOf = (id: NodeId): string => {
    const state = drive.state.get();
    return state.status === 'ready' ? (state.tree.nodes.get(id)?.name ?? 'item') : 'item';
  };
  /** Runs a command, toasting its failure; true when it succeeded. */
  const report = (command: Command, success?: () => void): boolean => {
    const made = run(command);
    if (!made.ok) toasts.error(made.error);
    else success?.();
    return made.ok;
  };

  const undoStack = createUndoStack();
  /** What a toast's Undo does: the entry's own undo, taken off the stack so Ctrl+Z skips it. */
  const undoAction = (entry: number): ToastAction => ({ label: 'Undo', run: () => void undoStack.undo(entry) });
  const itemsNamed = (ids: readonly NodeId[]): string =>
    ids.length === 1 ? quoted(nameOf(ids[0] ?? ROOT)) : `${ids.length} items`;

  /** Puts items back where and as they were: each its own change, so that each sees a fresh tree. */
  const putBack = (places: readonly Place[]): boolean => {
    let all = true;
    for (const { id, parent, name } of places) {
      const moved = report((a, t) => commands.move(a, t, id, parent));
      // Moving back picks a free name; the one it had is taken back when nothing else took it since.
      const renamed = moved && report((a, t) => commands.rename(a, t, id, name));
      all &&= renamed;
    }
    return all;
  };
  const placeOf = (id: NodeId): Place | undefined => {
    const state = drive.state.get();
    const node = state.status === 'ready' ? state.tree.nodes.get(id) : undefined;
    return node === undefined ? undefined : { id, parent: node.parent, name: node.name };
  };

  const actions: DriveActions = {
    createFolder(parent, name) {
      const made = run((a, t) => commands.createFolder(a, t, parent, name));
      const first = made.ok ? made.value[0] : undefined;
      if (!made.ok) return made;
      return first === undefined ? err('The folder was not created.') : ok(first.node);
    },
    rename(id, name) {
      const before = placeOf(id);
      const made = run((a, t) => commands.rename(a, t, id, name));
      if (!made.ok) return made;
      if (before !== undefined && made.value.length > 0) {
        const entry = undoStack.push(`renaming ${quoted(before.name)}`, () =>
          report((a, t) => commands.rename(a, t, id, before.name)),
        );
        toasts.info(`Renamed ${quoted(before.name)} to ${quoted(nameOf(id))}`, undoAction(entry));
      }
      return ok(undefined);
    },
    move: (id, parent) => actions.moveMany([id], parent),
    moveMany(ids, parent) {
      const moved: Place[] = [];
      for (const id of ids) {
        const before = placeOf(id);
        if (before === undefined || before.parent === parent) continue;
        if (report((a, t) => commands.move(a, t, id, parent))) moved.push(before);
      }
      if (moved.length === 0) return false;
      // Named as it was: a move into a folder with that name already renames it.
      const what = moved.length === 1 ? quoted(moved[0]?.name ?? 'item') : `${moved.length} items`;
      const entry = undoStack.push(`moving ${what}`, () => putBack(moved));
      toasts.info(`Moved ${what} to ${quoted(nameOf(parent))}`, undoAction(entry));
      return true;
    },
    copy: (id, parent) =>
      report(
        (a, t) => commands.copy(a, t, id, parent),
        () => toasts.info(`Copied ${quoted(nameOf(id))} to ${quoted(nameOf(parent))}`),
      ),
    trash: (id) => actions.trashMany([id]),
    trashMany(ids) {
      if (ids.length === 0) return false;
      const what = itemsNamed(ids);
      // One change for the lot: a thousand selected items are one save and one render, not a thousand.
      const trashAll: Command = (a, t) => {
        const ops: DriveOp[] = [];
        for (const id of ids) {
          const made = commands.trash(a, t, id);
          if (!made.ok) return made;
          ops.push(...made.value);
        }
        return ok(ops);
      };
      return report(trashAll, () => {
        const entry = undoStack.push(`deleting ${what}`, () => ids.map((id) => actions.restore(id)).every(Boolean));
        toasts.info(`Moved ${what} to trash`, undoAction(entry));
      });
    },
    undo() {
      const last = undoStack.undoLast();
      if (last === undefined) toasts.info('Nothing to undo');
      else if (last.undone) toasts.info(`Undid ${last.entry.label}`);
    },
    restore: (id) => report((a, t) => commands.restore(a, t, id)),
    purge: (id) => report((a, t) => commands.purge(a, t, id)),
    emptyTrash: () => report((a, t) => commands.emptyTrash(a, t)),
    restoreVersion(id, version) {
      const state = drive.state.get();
      const node = state.status === 'ready' ? state.tree.nodes.get(id) : undefined;
      if (
        state.status === 'ready' &&
        node !== undefined &&
        !retainedVersions(node.versions, state.retention, Date.now()).has(version)
      ) {
        toasts.error('That version has expired under your version history setting and can no longer be restored.');
        return false;
      }
      return report(
        (a, t) => commands.restoreVersion(a, t, id, version),
        () => toasts.info(`Restored an earlier version of ${quoted(nameOf(id))}`),
      );
    },
    setRetention(rule) {
      const set = drive.setRetention(rule);
      return set.ok ? set : err(set.error.message);
    },
    placeUpload(folder, name, content) {
      let placement: Placement = 'created';
      const made = run((a, tree) => {
        // A folder deleted while the file was uploading: the file goes to My Drive rather than nowhere.
        const target = tree.nodes.get(folder);
        const parent = target !== undefined && target.kind === 'folder' && !target.inTrash ? folder : ROOT;
        const key = nameKey(name.normalize('NFC'));
        const same = tree.children(parent).find((c) => c.kind === 'file' && nameKey(c.name) === key);
        if (same === undefined) return commands.createFile(a, tree, parent, name, content);
        const version = commands.addVersion(a, tree, same.id, content);
        placement = version.ok && version.value.length === 0 ? 'unchanged' : 'version';
        return version;
      });
      return made.ok ? ok(placement) : made;
    },
    placeUploads(uploads) {
      const placed: Array<Result<Placement, string>> = [];
      const ran = run(placeUploadsCommand(uploads, placed));
      return ran.ok ? ok(placed) : ran;
    },
    createFolders(target, folders) {
      const made: FolderTreeMade = { ids: new Map(), refused: [] };
      const ran = run(folderTreeCommand(target, folders, made));
      return ran.ok ? ok(made) : ran;
    },
  };
  return actions;
}
