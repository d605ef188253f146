// "Move" or "Copy" items: choose a destination folder in the tree and confirm.
import { useState, type ReactNode } from 'react';
import type { DriveTree, TreeNode } from '@sheaf/shared/drive/drive-tree';
import type { NodeId } from '@sheaf/shared/drive/node-id';
import { Dialog } from './Dialog.js';
import { FolderPicker } from './FolderPicker.js';

type MoveDialogProps = {
  readonly tree: DriveTree;
  /** One item, or a selection (all from the folder shown). */
  readonly nodes: readonly TreeNode[];
  readonly mode: 'move' | 'copy';
  readonly onConfirm: (into: NodeId) => void;
  readonly onClose: () => void;
};

export function MoveDialog({ tree, nodes, mode, onConfirm, onClose }: MoveDialogProps): ReactNode {
  const first = nodes[0];
  const [into, setInto] = useState<NodeId | undefined>(first?.parent);
  if (first === undefined || into === undefined) return null;
  const verb = mode === 'move' ? 'Move' : 'Copy';
  // Moving to where it already is does nothing; a copy there is a fine "duplicate".
  const pointless = mode === 'move' && nodes.every((n) => n.parent === into);
  const target = tree.nodes.get(into);
  const folders = nodes.filter((n) => n.kind === 'folder');
  return (
    <Dialog
      title={nodes.length === 1 ? `${verb} “${first.name}”` : `${verb} ${nodes.length} items`}
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
        // A folder cannot go into itself; with several selected, the command refuses that one alone.
        excluded={folders.length === 1 ? folders[0]?.id : undefined}
        label="Destination folder"
      />
    </Dialog>
  );
}
