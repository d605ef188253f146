// Dragging an item of the drive onto a folder: the node id travels in the drag data under a type
// of our own, so a drag of files from the desktop (type 'Files') is never mistaken for a move.
import type { DragEvent } from 'react';
import { NodeId } from '@sheaf/shared/drive/node-id';

const NODE_TYPE = 'application/x-sheaf-node';

export function startNodeDrag(event: DragEvent, id: NodeId): void {
  event.dataTransfer.setData(NODE_TYPE, id);
  event.dataTransfer.effectAllowed = 'copyMove';
}

export const carriesNode = (event: DragEvent): boolean => event.dataTransfer.types.includes(NODE_TYPE);

/** The dragged node, parsed: drag data can come from another page. */
export function droppedNode(event: DragEvent): NodeId | undefined {
  const id = NodeId.safeParse(event.dataTransfer.getData(NODE_TYPE));
  return id.success ? id.data : undefined;
}

/** Props that make an element a drop target for nodes; `onOver` tells it to highlight. */
export function nodeDropTarget(
  accept: (id: NodeId) => void,
  onOver: (over: boolean) => void,
): {
  onDragOver: (event: DragEvent) => void;
  onDragLeave: (event: DragEvent) => void;
  onDrop: (event: DragEvent) => void;
} {
  return {
    onDragOver(event) {
      if (!carriesNode(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      onOver(true);
    },
    onDragLeave(event) {
      if (carriesNode(event)) onOver(false);
    },
    onDrop(event) {
      if (!carriesNode(event)) return;
      event.preventDefault();
      onOver(false);
      const id = droppedNode(event);
      if (id !== undefined) accept(id);
    },
  };
}
