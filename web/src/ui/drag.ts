// Dragging items of the drive onto a folder: the node ids travel in the drag data under a type of
// our own, so a drag of files from the desktop (type 'Files') is never mistaken for a move. A drag
// of a selected item carries the whole selection.
import type { DragEvent } from 'react';
import { NodeId } from '@sheaf/shared/drive/node-id';

const NODE_TYPE = 'application/x-sheaf-node';

export function startNodeDrag(event: DragEvent, ids: NodeId | readonly NodeId[]): void {
  event.dataTransfer.setData(NODE_TYPE, (typeof ids === 'string' ? [ids] : ids).join('\n'));
  event.dataTransfer.effectAllowed = 'copyMove';
}

export const carriesNode = (event: DragEvent): boolean => event.dataTransfer.types.includes(NODE_TYPE);

/** The dragged nodes, parsed: drag data can come from another page. */
export function droppedNodes(event: DragEvent): NodeId[] {
  return event.dataTransfer
    .getData(NODE_TYPE)
    .split('\n')
    .flatMap((line) => {
      const id = NodeId.safeParse(line);
      return id.success ? [id.data] : [];
    });
}

type DropTargetProps = {
  onDragOver: (event: DragEvent) => void;
  onDragLeave: (event: DragEvent) => void;
  onDrop: (event: DragEvent) => void;
};

/** Props that make an element a drop target for dragged nodes; `onOver` tells it to highlight. */
export function nodesDropTarget(accept: (ids: NodeId[]) => void, onOver: (over: boolean) => void): DropTargetProps {
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
      // The drop lands here, not also on the drop zone or a folder around it.
      event.stopPropagation();
      onOver(false);
      const ids = droppedNodes(event);
      if (ids.length > 0) accept(ids);
    },
  };
}

/** As nodesDropTarget, one node at a time. */
export const nodeDropTarget = (accept: (id: NodeId) => void, onOver: (over: boolean) => void): DropTargetProps =>
  nodesDropTarget((ids) => ids.forEach(accept), onOver);
