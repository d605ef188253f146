// "Move" or "Copy" an item: choose a destination folder in the tree and confirm.
import { useState, type ReactNode } from 'react';
import type { DriveTree, TreeNode } from '@sheaf/shared/drive/drive-tree';
import type { NodeId } from '@sheaf/shared/drive/node-id';
import { Dialog } from './Dialog.js';
import { FolderPicker } from './FolderPicker.js';

type MoveDialogProps = {
  readonly tree: DriveTree;
  readonly node: TreeNode;
  readonly mode: 'move' | 'copy';
  readonly onConfirm: (into: NodeId) => void;
  readonly onClose: () => void;
};

export function MoveDialog({ tree, node, mode, onConfirm, onClose }: MoveDialogProps): ReactNode {
  const [into, setInto] = useState<NodeId>(node.parent);
  const verb = mode === 'move' ? 'Move' : 'Copy';
  // Moving to where it already is does nothing; a copy there is a fine "duplicate".
  const pointless = mode === 'move' && into === node.parent;
  const target = tree.nodes.get(into);
  return (
    <Dialog
      title={`${verb} “${node.name}”`}
      onClose={onClose}
      footer={
        <>
          <span className="dialog-hint">{target === undefined ? null : <>To {target.name}</>}</span>
          <button type="button" className="button secondary" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button primary"
            disabled={pointless}
            onClick={() => {
              onConfirm(into);
              onClose();
            }}
          >
            {verb} here
          </button>
        </>
      }
    >
      <FolderPicker
        tree={tree}
        chosen={into}
        onChoose={setInto}
        excluded={node.kind === 'folder' ? node.id : undefined}
        label="Destination folder"
      />
    </Dialog>
  );
}
