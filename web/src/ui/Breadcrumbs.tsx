// Where the folder is: its ancestors from My Drive down, each a link and a drop target for moves.
import { useState, type ReactNode } from 'react';
import type { TreeNode } from '@sheaf/shared/drive/drive-tree';
import type { NodeId } from '@sheaf/shared/drive/node-id';
import { nodesDropTarget } from './drag.js';
import { ChevronRightIcon } from './icons.js';

type BreadcrumbsProps = {
  /** From the root down, excluding the current folder. */
  readonly ancestors: readonly TreeNode[];
  readonly onOpen: (id: NodeId) => void;
  /** Items dragged onto a crumb move into that folder. */
  readonly onDropNodes: (nodes: NodeId[], into: NodeId) => void;
};

function Crumb({
  node,
  onOpen,
  onDropNodes,
}: {
  readonly node: TreeNode;
  readonly onOpen: (id: NodeId) => void;
  readonly onDropNodes: (nodes: NodeId[], into: NodeId) => void;
}): ReactNode {
  const [over, setOver] = useState(false);
  return (
    <li className="crumb">
      <a
        href={`#/folder/${node.id}`}
        className={`crumb-link${over ? ' is-drop-target' : ''}`}
        onClick={(event) => {
          event.preventDefault();
          onOpen(node.id);
        }}
        {...nodesDropTarget((ids) => onDropNodes(ids, node.id), setOver)}
      >
        {node.name}
      </a>
      <ChevronRightIcon size={14} className="crumb-sep" />
    </li>
  );
}

export function Breadcrumbs({ ancestors, onOpen, onDropNodes }: BreadcrumbsProps): ReactNode {
  if (ancestors.length === 0) return null;
  return (
    <nav className="breadcrumbs" aria-label="Folder path">
      <ol>
        {ancestors.map((node) => (
          <Crumb key={node.id} node={node} onOpen={onOpen} onDropNodes={onDropNodes} />
        ))}
      </ol>
    </nav>
  );
}
