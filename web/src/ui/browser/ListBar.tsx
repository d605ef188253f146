// The bar above a folder's items: what the folder holds, or what is selected with the actions on
// the whole selection (download, move, delete); and the sort order and list/grid switch. It keeps
// one height whatever it shows, so that selecting never moves the rows under the pointer.
import type { ReactNode } from 'react';
import {
  ArrowDownIcon,
  ArrowUpIcon,
  CloseIcon,
  DownloadIcon,
  GridIcon,
  ListIcon,
  MoveIcon,
  SortIcon,
  TrashIcon,
} from '../icons.js';
import { Menu, type MenuItem } from '../Menu.js';
import { toggleSort, type SortKey, type SortOrder } from './sort.js';

const SORT_LABELS: Record<SortKey, string> = { name: 'Name', modified: 'Date modified', size: 'Size', type: 'Type' };

export type SelectionActions = {
  readonly count: number;
  /** Files among the selection: only they can be downloaded. */
  readonly files: number;
  readonly download: () => void;
  readonly move: () => void;
  readonly trash: () => void;
  readonly clear: () => void;
};

type ListBarProps = {
  readonly summary: string;
  readonly selection: SelectionActions;
  readonly view: 'list' | 'grid';
  readonly onView: (view: 'list' | 'grid') => void;
  readonly sort: SortOrder;
  readonly onSort: (sort: SortOrder) => void;
};

export function ListBar({ summary, selection, view, onView, sort, onSort }: ListBarProps): ReactNode {
  const sortItems: MenuItem[] = (Object.keys(SORT_LABELS) as SortKey[]).map((key) => ({
    label: SORT_LABELS[key],
    icon: null,
    checked: sort.key === key,
    onSelect: () => onSort(toggleSort(sort, key)),
  }));
  const Arrow = sort.direction === 'ascending' ? ArrowUpIcon : ArrowDownIcon;
  return (
    <div className={`list-bar${selection.count > 0 ? ' has-selection' : ''}`}>
      {selection.count > 0 ? (
        <div className="selection-bar" aria-label="Selection" role="group">
          <button type="button" className="icon-button" aria-label="Clear selection" onClick={selection.clear}>
            <CloseIcon size={18} />
          </button>
          <span className="selection-count" aria-live="polite">
            {selection.count} selected
          </span>
          <span className="selection-actions">
            <button
              type="button"
              className="button ghost small"
              disabled={selection.files === 0}
              onClick={selection.download}
            >
              <DownloadIcon size={16} />
              <span className="label-wide">Download</span>
            </button>
            <button type="button" className="button ghost small" onClick={selection.move}>
              <MoveIcon size={16} />
              <span className="label-wide">Move</span>
            </button>
            <button type="button" className="button ghost small is-danger" onClick={selection.trash}>
              <TrashIcon size={16} />
              <span className="label-wide">Delete</span>
            </button>
          </span>
        </div>
      ) : (
        <p className="list-summary">{summary}</p>
      )}
      <div className="view-controls">
        <Menu
          label={`Sort by ${SORT_LABELS[sort.key].toLowerCase()}, ${sort.direction}`}
          items={sortItems}
          trigger={{
            className: 'button ghost small sort-trigger',
            content: (
              <>
                <SortIcon size={16} />
                <span className="label-wide">{SORT_LABELS[sort.key]}</span>
                <Arrow size={14} />
              </>
            ),
          }}
        />
        <span className="segmented" role="group" aria-label="View">
          <button
            type="button"
            className="segment"
            aria-label="List view"
            aria-pressed={view === 'list'}
            title="List view"
            onClick={() => onView('list')}
          >
            <ListIcon size={18} />
          </button>
          <button
            type="button"
            className="segment"
            aria-label="Grid view"
            aria-pressed={view === 'grid'}
            title="Grid view"
            onClick={() => onView('grid')}
          >
            <GridIcon size={18} />
          </button>
        </span>
      </div>
    </div>
  );
}
