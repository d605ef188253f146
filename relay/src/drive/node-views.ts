// How the REST routes show nodes of a drive tree: listing items, one folder's page of children, the
// metadata and versions of one node. Pure functions of the tree.
import type { DriveTree, TreeNode } from '@sheaf/shared/drive/drive-tree';
import type { NodeId } from '@sheaf/shared/drive/node-id';
import type { OpId } from '@sheaf/shared/drive/op-id';
import type { UserId } from '@sheaf/shared/ids';
import type { DriveFileItem, DriveFolderItem } from '@sheaf/shared/protocol/drive-item';
import type { FolderContentsQuery, FolderContentsResponse } from '@sheaf/shared/protocol/folder-contents';
import type { FileMetadataResponse } from '@sheaf/shared/protocol/file-metadata';
import type { FileVersion } from '@sheaf/shared/protocol/file-versions';
import { isoTime } from './iso-time.js';

const FALLBACK_MEDIA_TYPE = 'application/octet-stream';

function common(node: TreeNode) {
  return {
    id: node.id,
    name: node.name,
    parentId: node.parent,
    createdAt: isoTime(node.created.at),
    updatedAt: isoTime(node.modified.at),
    createdBy: node.created.by,
    updatedBy: node.modified.by,
  };
}

export function folderItem(node: TreeNode): DriveFolderItem {
  return { ...common(node), kind: 'folder' };
}

export function fileItem(node: TreeNode): DriveFileItem {
  return {
    ...common(node),
    kind: 'file',
    size: node.content?.size ?? 0,
    mediaType: node.content?.mediaType ?? FALLBACK_MEDIA_TYPE,
    ...(node.content !== undefined ? { contentHash: node.content.hash } : {}),
    version: node.versions.length,
    ...(node.conflictOf !== undefined ? { conflictOf: node.conflictOf } : {}),
  };
}

// Natural order, as file managers sort names ("2" before "10", case ignored); the same on every relay.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const byName = (a: TreeNode, b: TreeNode): number => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1);

const KEYS: Record<FolderContentsQuery['sortBy'], (a: TreeNode, b: TreeNode) => number> = {
  name: () => 0,
  size: (a, b) => (a.content?.size ?? 0) - (b.content?.size ?? 0),
  updatedAt: (a, b) => a.modified.at - b.modified.at,
  type: (a, b) => collator.compare(a.content?.mediaType ?? '', b.content?.mediaType ?? ''),
};

/** One page of a folder's live children: folders first, each group by the key, ties by name. */
export function folderPage(
  tree: DriveTree,
  folder: NodeId,
  { page, limit, sortBy, order }: FolderContentsQuery,
): FolderContentsResponse {
  const key = KEYS[sortBy];
  const sign = order === 'asc' ? 1 : -1;
  const sorted = [...tree.children(folder)].sort(
    (a, b) => (a.kind === b.kind ? 0 : a.kind === 'folder' ? -1 : 1) || sign * (key(a, b) || byName(a, b)),
  );
  const slice = sorted.slice((page - 1) * limit, page * limit);
  return {
    folders: slice.filter((n) => n.kind === 'folder').map(folderItem),
    files: slice.filter((n) => n.kind === 'file').map(fileItem),
    totalCount: sorted.length,
    page,
  };
}

export function metadataOf(node: TreeNode, owner: UserId): FileMetadataResponse {
  return {
    fileId: node.id,
    name: node.name,
    size: node.content?.size ?? 0,
    ownerId: owner,
    createdAt: isoTime(node.created.at),
    updatedAt: isoTime(node.modified.at),
    version: node.versions.length,
    kind: node.kind,
    parentId: node.parent,
    ...(node.content !== undefined ? { mediaType: node.content.mediaType } : {}),
    inTrash: node.inTrash,
  };
}

/** `kept`: the versions the drive's retention rule keeps (retention.ts); the others are listed as expired. */
export function versionsOf(node: TreeNode, kept: ReadonlySet<OpId>): FileVersion[] {
  return node.versions.map((v, i) => ({
    versionId: v.op,
    version: i + 1,
    size: v.content.size,
    createdAt: isoTime(v.at),
    createdBy: v.by,
    device: v.device,
    contentHash: v.content.hash,
    mediaType: v.content.mediaType,
    expired: !kept.has(v.op),
  }));
}
