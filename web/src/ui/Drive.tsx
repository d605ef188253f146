// The signed-in workspace once open: places on the side, the current folder or the trash, the
// activity panel when asked for, and the toasts. Everything renders from the drive's tree.
import { useEffect, useState, type ReactNode } from 'react';
import type { NodeId } from '@sheaf/shared/drive/node-id';
import type { Services, Workspace } from '../app/services.js';
import { useActivity } from '../app/use-drive.js';
import { useStore } from '../app/use-store.js';
import type { Session } from '../local/session.js';
import { ActivityPanel } from './ActivityPanel.js';
import { FolderView } from './FolderView.js';
import { AlertIcon } from './icons.js';
import { Sidebar } from './Sidebar.js';
import { Toasts } from './Toasts.js';
import { TrashView } from './TrashView.js';

/** Re-renders once a minute so that "10:32" becomes "Mar 4" after midnight without a reload. */
function useMinuteClock(): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 60_000);
    return () => clearInterval(timer);
  }, []);
}

type ActivityState = { readonly open: boolean; readonly scope: NodeId | undefined };

export function Drive({
  services,
  workspace,
  session,
}: {
  readonly services: Services;
  readonly workspace: Workspace;
  readonly session: Session;
}): ReactNode {
  const state = useStore(workspace.drive.state);
  const route = useStore(services.navigation.route);
  const usage = useStore(workspace.storage.usage);
  const [activity, setActivity] = useState<ActivityState>({ open: false, scope: undefined });
  const entries = useActivity(state, activity.open ? activity.scope : undefined);
  // Relative times ("5 min ago") move on once a minute, and are fresh on every render a change causes.
  useMinuteClock();
  const now = Date.now();
  // Every operation of a drive is its owner's; other user ids only appear in a shared drive.
  const authorName = (userId: string): string => (userId === session.userId ? session.name : userId);
  const go = services.navigation.go;

  if (state.status === 'loading') {
    return (
      <div className="drive">
        {state.waiting === true ? (
          <div className="card notice" role="status">
            <AlertIcon size={18} />
            <span>Your drive hasn’t reached this device yet. It will appear as soon as your relay answers.</span>
          </div>
        ) : null}
        <div className="card skeleton" aria-busy="true" aria-label="Loading your drive">
          <div className="skeleton-row" />
          <div className="skeleton-row" />
          <div className="skeleton-row" />
        </div>
      </div>
    );
  }
  if (state.status === 'failed') {
    return (
      <div className="drive">
        <div className="card notice notice-error" role="alert">
          <AlertIcon size={18} />
          <span>{state.message}</span>
        </div>
      </div>
    );
  }

  const { tree } = state;
  const scopeNode = activity.scope === undefined ? undefined : tree.nodes.get(activity.scope);
  return (
    <div className={`workspace${activity.open ? ' has-panel' : ''}`}>
      <Sidebar
        route={route}
        trashCount={tree.trash().length}
        usage={usage}
        go={go}
        onDropNode={(node, into) => void workspace.actions.move(node, into)}
      />
      <div className="content">
        {state.unreadable > 0 || state.newerSchema ? (
          <div className="card notice drive-notice" role="status">
            <AlertIcon size={18} />
            <span>Some changes were made by a newer version of Sheaf and are hidden. Reload to update the app.</span>
          </div>
        ) : null}
        {route.view === 'trash' ? (
          <TrashView tree={tree} actions={workspace.actions} authorName={authorName} now={now} />
        ) : (
          <FolderView
            key={route.folder}
            workspace={workspace}
            tree={tree}
            retention={state.retention}
            folderId={route.folder}
            open={(folder) => go({ view: 'folder', folder })}
            toasts={services.toasts}
            authorName={authorName}
            now={now}
            activityOpen={activity.open}
            toggleActivity={() => setActivity((was) => ({ open: !was.open, scope: undefined }))}
            showActivityFor={(node) => setActivity({ open: true, scope: node })}
          />
        )}
      </div>
      {activity.open ? (
        <ActivityPanel
          key={activity.scope ?? 'all'}
          entries={entries}
          scopeName={scopeNode?.name ?? (activity.scope === undefined ? undefined : 'a deleted item')}
          onClearScope={() => setActivity({ open: true, scope: undefined })}
          onClose={() => setActivity({ open: false, scope: undefined })}
          authorName={authorName}
          now={now}
        />
      ) : null}
      <Toasts toasts={services.toasts} />
    </div>
  );
}
