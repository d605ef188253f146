// What a REST client sees of one drive operation (seed 4.4's change): the kind of change and the
// fields the operation itself set, not the node's state now, so a change never changes once sent.
import type { Content, DriveOp } from '@sheaf/shared/drive/ops';
import type { Change, ChangeMetadata, ChangeOperation } from '@sheaf/shared/protocol/sync-changes';
import { isoTime } from './iso-time.js';

const OPERATION: Record<DriveOp['t'], ChangeOperation> = {
  create: 'created',
  move: 'moved',
  rename: 'renamed',
  version: 'edited',
  trash: 'trashed',
  restore: 'restored',
  purge: 'purged',
};

const content = (c: Content | undefined) =>
  c === undefined ? {} : { size: c.size, mediaType: c.mediaType, contentHash: c.hash };

function metadataOf(op: DriveOp): ChangeMetadata {
  const who = { by: op.by, device: op.device };
  switch (op.t) {
    case 'create':
      return { ...who, name: op.name, parentId: op.parent, kind: op.kind, ...content(op.content) };
    case 'move':
      return { ...who, parentId: op.parent };
    case 'rename':
      return { ...who, name: op.name };
    case 'version':
      return { ...who, ...content(op.content) };
    case 'trash':
    case 'restore':
    case 'purge':
      return who;
  }
}

export function changeOf(op: DriveOp): Change {
  return {
    changeId: op.id,
    fileId: op.node,
    operation: OPERATION[op.t],
    timestamp: isoTime(op.at),
    metadata: metadataOf(op),
  };
}
