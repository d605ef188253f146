// What happened in the drive (or to one item), newest first: who, what, when and from which
// device. Shows a page at a time; "Show more" reveals the next.
import { useState, type ReactNode } from 'react';
import type { ActivityEntry, ActivityKind } from '../sync/activity.js';
import { formatLongDate, formatRelative } from './format.js';
import {
  ActivityIcon,
  CloseIcon,
  FolderPlusIcon,
  HistoryIcon,
  MoveIcon,
  PencilIcon,
  RestoreIcon,
  TrashIcon,
  UploadIcon,
} from './icons.js';

const PAGE = 30;

type ActivityPanelProps = {
  readonly entries: readonly ActivityEntry[];
  /** The item the list is narrowed to, or undefined for the whole drive. */
  readonly scopeName: string | undefined;
  readonly onClearScope: () => void;
  readonly onClose: () => void;
  readonly authorName: (userId: string) => string;
  readonly now: number;
};

const ICONS: Record<ActivityKind, (e: ActivityEntry) => ReactNode> = {
  created: (e) => (e.nodeKind === 'folder' ? <FolderPlusIcon size={16} /> : <UploadIcon size={16} />),
  renamed: () => <PencilIcon size={16} />,
  moved: () => <MoveIcon size={16} />,
  edited: () => <HistoryIcon size={16} />,
  deleted: () => <TrashIcon size={16} />,
  restored: () => <RestoreIcon size={16} />,
  purged: () => <TrashIcon size={16} />,
};

const Name = ({ children }: { readonly children: string }): ReactNode => (
  <strong className="activity-name">{children}</strong>
);

function Sentence({ entry }: { readonly entry: ActivityEntry }): ReactNode {
  const as =
    entry.renamedTo === undefined ? null : (
      <>
        {' '}
        as <Name>{entry.renamedTo}</Name>
      </>
    );
  switch (entry.kind) {
    case 'created':
      return (
        <>
          {entry.nodeKind === 'folder' ? 'Created' : 'Added'} <Name>{entry.name}</Name> in {entry.to}
        </>
      );
    case 'renamed':
      return (
        <>
          Renamed <Name>{entry.name}</Name> to <Name>{entry.to ?? ''}</Name>
        </>
      );
    case 'moved':
      return (
        <>
          Moved <Name>{entry.name}</Name> from {entry.from} to {entry.to}
          {as}
        </>
      );
    case 'edited':
      return (
        <>
          Saved a new version of <Name>{entry.name}</Name>
        </>
      );
    case 'deleted':
      return (
        <>
          Moved <Name>{entry.name}</Name> to the trash
        </>
      );
    case 'restored':
      return (
        <>
          Restored <Name>{entry.name}</Name>
          {as}
        </>
      );
    case 'purged':
      return (
        <>
          Deleted <Name>{entry.name}</Name> forever
        </>
      );
  }
}

export function ActivityPanel({
  entries,
  scopeName,
  onClearScope,
  onClose,
  authorName,
  now,
}: ActivityPanelProps): ReactNode {
  const [shown, setShown] = useState(PAGE);
  return (
    <aside className="panel" aria-labelledby="activity-title">
      <header className="panel-header">
        <h2 className="panel-title" id="activity-title">
          <ActivityIcon size={18} /> Activity
        </h2>
        <button type="button" className="icon-button" aria-label="Close activity" onClick={onClose}>
          <CloseIcon size={18} />
        </button>
      </header>
      <div className="panel-scope">
        {scopeName === undefined ? (
          <span>Everything in My Drive</span>
        ) : (
          <span className="scope-chip">
            <span className="scope-name" title={scopeName}>
              {scopeName}
            </span>
            <button type="button" className="icon-button" aria-label="Show all activity" onClick={onClearScope}>
              <CloseIcon size={14} />
            </button>
          </span>
        )}
      </div>
      {entries.length === 0 ? (
        <p className="panel-empty">Nothing has happened here yet.</p>
      ) : (
        <ol className="activity" aria-label="Activity, newest first">
          {entries.slice(0, shown).map((entry) => (
            <li key={entry.id} className={`activity-item is-${entry.kind}`} data-testid="activity-item">
              <span className="activity-icon" aria-hidden="true">
                {ICONS[entry.kind](entry)}
              </span>
              <div className="activity-body">
                <p className="activity-text">
                  <Sentence entry={entry} />
                </p>
                <p className="activity-meta">
                  {authorName(entry.by)} · {entry.device} ·{' '}
                  <time dateTime={new Date(entry.at).toISOString()} title={formatLongDate(entry.at)}>
                    {formatRelative(entry.at, now)}
                  </time>
                </p>
              </div>
            </li>
          ))}
        </ol>
      )}
      {entries.length > shown ? (
        <button type="button" className="button secondary small panel-more" onClick={() => setShown((n) => n + PAGE)}>
          Show more ({entries.length - shown} older)
        </button>
      ) : null}
    </aside>
  );
}
