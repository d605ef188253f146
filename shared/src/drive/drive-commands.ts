// What a user can do to a drive, as functions from the current tree to new operations. They check
// what only the acting device can check (a name is valid, a folder is live, a move makes no cycle)
// and pick a free name; what concurrent devices do to each other is settled by materialize().
import { type Result, err, ok } from '../result.js';
import type { RandomBytes } from '../ids.js';
import { toHex } from '../hex.js';
import type { DriveLog } from './drive-log.js';
import type { DriveTree, TreeNode } from './drive-tree.js';
import { uniqueSiblingName, validateName, type NameError, type ValidName } from './names.js';
import { NodeId, ROOT } from './node-id.js';
import type { OpId } from './op-id.js';
import type { Content, DriveOp } from './ops.js';

export type CommandError =
  | { readonly kind: 'invalid_name'; readonly message: string; readonly name: NameError }
  | { readonly kind: 'not_found'; readonly message: string }
  | { readonly kind: 'not_a_folder'; readonly message: string }
  | { readonly kind: 'not_a_file'; readonly message: string }
  | { readonly kind: 'in_trash'; readonly message: string }
  | { readonly kind: 'not_in_trash'; readonly message: string }
  | { readonly kind: 'cycle'; readonly message: string }
  | { readonly kind: 'root'; readonly message: string };

/** Who acts, from where, and how ids and times are made: injected so that tests are deterministic. */
export type Author = {
  readonly log: DriveLog;
  readonly userId: string;
  readonly device: string;
  readonly now: () => number;
  readonly random: RandomBytes;
};

type Made = Result<DriveOp[], CommandError>;

const fail = (kind: Exclude<CommandError['kind'], 'invalid_name'>, message: string): Made => err({ kind, message });

/** One command's operations share one wall time, so that their Lamport times are consecutive. */
function stamper(a: Author): () => { id: OpId; at: number; by: string; device: string } {
  const at = a.now();
  return () => ({ id: a.log.nextId(at), at, by: a.userId, device: a.device });
}

function liveNode(tree: DriveTree, id: NodeId): TreeNode | CommandError {
  const node = tree.nodes.get(id);
  if (node === undefined) return { kind: 'not_found', message: 'That item no longer exists.' };
  if (node.inTrash) return { kind: 'in_trash', message: `“${node.name}” is in the trash.` };
  return node;
}

function liveFolder(tree: DriveTree, id: NodeId): TreeNode | CommandError {
  const node = liveNode(tree, id);
  if (isError(node) || node.kind === 'folder') return node;
  return { kind: 'not_a_folder', message: `“${node.name}” is not a folder.` };
}

function isError(v: TreeNode | CommandError): v is CommandError {
  return !('id' in v);
}

function freeName(tree: DriveTree, folder: NodeId, desired: ValidName, except?: NodeId): ValidName {
  if (!tree.nameTaken(folder, desired, except)) return desired;
  return uniqueSiblingName(desired, (key) => tree.nameTaken(folder, key, except));
}

function checkedName(raw: string): Result<ValidName, CommandError> {
  const v = validateName(raw);
  return v.ok ? v : err({ kind: 'invalid_name', message: v.error.message, name: v.error });
}

const newNodeId = (kind: 'folder' | 'file', random: RandomBytes): NodeId =>
  NodeId.parse(`${kind === 'folder' ? 'fo' : 'f'}_${toHex(random(16))}`);

export function createFolder(a: Author, tree: DriveTree, parent: NodeId, rawName: string): Made {
  const s = stamper(a);
  const folder = liveFolder(tree, parent);
  if (isError(folder)) return err(folder);
  const name = checkedName(rawName);
  if (!name.ok) return name;
  const node = newNodeId('folder', a.random);
  return ok([{ ...s(), t: 'create', node, kind: 'folder', parent, name: freeName(tree, parent, name.value) }]);
}

export function createFile(a: Author, tree: DriveTree, parent: NodeId, rawName: string, content: Content): Made {
  const s = stamper(a);
  const folder = liveFolder(tree, parent);
  if (isError(folder)) return err(folder);
  const name = checkedName(rawName);
  if (!name.ok) return name;
  const node = newNodeId('file', a.random);
  return ok([{ ...s(), t: 'create', node, kind: 'file', parent, name: freeName(tree, parent, name.value), content }]);
}

export function rename(a: Author, tree: DriveTree, id: NodeId, rawName: string): Made {
  const s = stamper(a);
  if (id === ROOT) return fail('root', 'The drive itself cannot be renamed.');
  const node = liveNode(tree, id);
  if (isError(node)) return err(node);
  const name = checkedName(rawName);
  if (!name.ok) return name;
  if (name.value === node.name) return ok([]);
  return ok([{ ...s(), t: 'rename', node: id, name: freeName(tree, node.parent, name.value, id) }]);
}

export function move(a: Author, tree: DriveTree, id: NodeId, parent: NodeId): Made {
  const s = stamper(a);
  if (id === ROOT) return fail('root', 'The drive itself cannot be moved.');
  const node = liveNode(tree, id);
  if (isError(node)) return err(node);
  const folder = liveFolder(tree, parent);
  if (isError(folder)) return err(folder);
  if (node.parent === parent) return ok([]);
  if (parent === id || tree.path(parent).some((p) => p.id === id)) {
    return fail('cycle', `“${node.name}” cannot be moved into itself.`);
  }
  const ops: DriveOp[] = [{ ...s(), t: 'move', node: id, parent }];
  const name = freeName(tree, parent, node.name);
  if (name !== node.name) ops.push({ ...s(), t: 'rename', node: id, name });
  return ok(ops);
}

/** Copies a file or a whole folder: new nodes with the same content (chunks are shared, not copied). */
export function copy(a: Author, tree: DriveTree, id: NodeId, parent: NodeId): Made {
  const s = stamper(a);
  if (id === ROOT) return fail('root', 'The drive itself cannot be copied.');
  const node = liveNode(tree, id);
  if (isError(node)) return err(node);
  const folder = liveFolder(tree, parent);
  if (isError(folder)) return err(folder);
  if (parent === id || tree.path(parent).some((p) => p.id === id)) {
    return fail('cycle', `“${node.name}” cannot be copied into itself.`);
  }
  const ops: DriveOp[] = [];
  const visit = (source: TreeNode, into: NodeId, name: ValidName): void => {
    const copyId = newNodeId(source.kind, a.random);
    const content = source.content;
    ops.push({
      ...s(),
      t: 'create',
      node: copyId,
      kind: source.kind,
      parent: into,
      name,
      ...(content !== undefined ? { content } : {}),
    });
    for (const child of tree.children(source.id)) visit(child, copyId, child.name);
  };
  visit(node, parent, freeName(tree, parent, node.name));
  return ok(ops);
}

export function trash(a: Author, tree: DriveTree, id: NodeId): Made {
  const s = stamper(a);
  if (id === ROOT) return fail('root', 'The drive itself cannot be deleted.');
  const node = liveNode(tree, id);
  if (isError(node)) return err(node);
  return ok([{ ...s(), t: 'trash', node: id, seen: a.log.seen() }]);
}

/** Back to where it was, or to the root when that folder is gone (in the trash or purged). */
export function restore(a: Author, tree: DriveTree, id: NodeId): Made {
  const s = stamper(a);
  const node = tree.nodes.get(id);
  if (node === undefined) return fail('not_found', 'That item no longer exists.');
  if (node.trashed === undefined) return fail('not_in_trash', `“${node.name}” is not in the trash.`);
  const ops: DriveOp[] = [{ ...s(), t: 'restore', node: id }];
  const home = tree.nodes.get(node.parent);
  const parent = home !== undefined && !home.inTrash ? node.parent : ROOT;
  if (parent !== node.parent) ops.push({ ...s(), t: 'move', node: id, parent });
  const name = freeName(tree, parent, node.name, id);
  if (name !== node.name) ops.push({ ...s(), t: 'rename', node: id, name });
  return ok(ops);
}

export function purge(a: Author, tree: DriveTree, id: NodeId): Made {
  const s = stamper(a);
  const node = tree.nodes.get(id);
  if (node === undefined) return fail('not_found', 'That item no longer exists.');
  if (!node.inTrash) return fail('not_in_trash', `“${node.name}” is not in the trash.`);
  return ok([{ ...s(), t: 'purge', node: id, seen: a.log.seen() }]);
}

export function emptyTrash(a: Author, tree: DriveTree): Made {
  const s = stamper(a);
  const seen = a.log.seen();
  return ok(tree.trash().map((n) => ({ ...s(), t: 'purge' as const, node: n.id, seen })));
}

/** A new version of a file; nothing when the bytes are the current ones. */
export function addVersion(a: Author, tree: DriveTree, id: NodeId, content: Content): Made {
  const s = stamper(a);
  const node = liveNode(tree, id);
  if (isError(node)) return err(node);
  if (node.kind !== 'file') return fail('not_a_file', `“${node.name}” is a folder.`);
  if (node.content?.hash === content.hash) return ok([]);
  const head = node.versions.at(-1);
  return ok([{ ...s(), t: 'version', node: id, content, prev: head ? [head.op] : [] }]);
}

/** Restoring an old version adds it again as the newest, so the versions in between stay. */
export function restoreVersion(a: Author, tree: DriveTree, id: NodeId, version: OpId): Made {
  const node = liveNode(tree, id);
  if (isError(node)) return err(node);
  const old = node.versions.find((v) => v.op === version);
  if (old === undefined) return fail('not_found', 'That version no longer exists.');
  return addVersion(a, tree, id, old.content);
}
