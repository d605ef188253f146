// The tree a drive shows: the output of the tree engine, read by the UI, the relay's change feed and
// the operation factory. Nodes are immutable values; a DriveTree view is valid until its engine takes
// new operations (the engine updates its maps in place), so take a fresh one after each change.
import type { ValidName } from './names.js';
import type { NodeId } from './node-id.js';
import type { OpId } from './op-id.js';
import type { Content } from './ops.js';

export type Stamp = { readonly op: OpId; readonly at: number; readonly by: string; readonly device: string };

export type VersionEntry = Stamp & { readonly content: Content };

export type TreeNode = {
  readonly id: NodeId;
  readonly kind: 'folder' | 'file';
  /** The folder it is in; the root's parent is itself. */
  readonly parent: NodeId;
  /** Unique among the folder's live children, case-insensitively. */
  readonly name: ValidName;
  readonly created: Stamp;
  readonly modified: Stamp;
  /** Files: the current content (the last version). */
  readonly content: Content | undefined;
  /** Files: every version of this node's line, oldest first. */
  readonly versions: readonly VersionEntry[];
  /** Trashed itself (a top of a trashed subtree), with the operation that did it. */
  readonly trashed: Stamp | undefined;
  /** Trashed itself or under a trashed folder: not shown in the folder views. */
  readonly inTrash: boolean;
  /** For a conflicted copy: the file it was split from. */
  readonly conflictOf: NodeId | undefined;
};

export type DriveTree = {
  readonly nodes: ReadonlyMap<NodeId, TreeNode>;
  /** Ids removed for good, each with the node whose purge removed it: never shown again. */
  readonly purged: ReadonlyMap<NodeId, NodeId>;
  /** Live children of a folder, by name. */
  children(folder: NodeId): readonly TreeNode[];
  /** What the trash lists: trashed nodes with no trashed ancestor, latest first. */
  trash(): readonly TreeNode[];
  /** Whether a live child of `folder` other than `except` has this name, case-insensitively. */
  nameTaken(folder: NodeId, name: string, except?: NodeId): boolean;
  /**
   * The live child of `folder` whose name has this key (case-insensitively), from the engine's name
   * index: constant time, where searching `children` would sort a large folder on every change.
   */
  childNamed(folder: NodeId, name: string): TreeNode | undefined;
  /** The ancestors of a node from the root down, excluding the node. */
  path(id: NodeId): readonly TreeNode[];
};
