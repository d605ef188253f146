// One item of a folder in the grid view: a thumbnail (or its type's icon), the name, size and date,
// and its "more" menu. Selection, keys and drops work as in the list.
import type { ReactNode } from 'react';
import { formatLongDate, formatShortDate } from '../format.js';
import { CheckIcon, ConflictIcon } from '../icons.js';
import { Menu } from '../Menu.js';
import { ItemName, menuItems, NodeIcon, sizeLabel, useItemProps, type ItemProps } from '../FileRow.js';

export function GridCard(props: ItemProps & { readonly column: number; readonly thumbnail?: ReactNode }): ReactNode {
  const { node, itemCount, selected, tabbable, editing, now, actions, pointer, column, thumbnail } = props;
  const { dropOver, props: itemProps } = useItemProps(node, editing, tabbable, actions, pointer);
  return (
    <div
      role="gridcell"
      aria-colindex={column + 1}
      aria-selected={selected}
      className={`grid-card file-row${selected ? ' is-selected' : ''}${dropOver ? ' is-drop-target' : ''}`}
      {...itemProps}
    >
      <span className={`card-preview${node.kind === 'folder' ? ' is-folder' : ''}`}>
        {thumbnail ?? <NodeIcon node={node} size={36} />}
        {selected ? (
          <span className="card-check" aria-hidden="true">
            <CheckIcon size={14} />
          </span>
        ) : null}
        {node.conflictOf === undefined ? null : (
          <span className="card-badge badge badge-warning" title="Conflicted copy">
            <ConflictIcon size={12} />
          </span>
        )}
      </span>
      <span className="card-body">
        <span className="card-text">
          <ItemName node={node} editing={editing} actions={actions} />
          <span className="card-meta" title={formatLongDate(node.modified.at)}>
            {sizeLabel(node, itemCount)} · {formatShortDate(node.modified.at, now)}
          </span>
        </span>
        <span className="card-menu" onDoubleClick={(event) => event.stopPropagation()}>
          <Menu label={`More actions for ${node.name}`} items={menuItems(node, actions)} tabIndex={-1} />
        </span>
      </span>
    </div>
  );
}
