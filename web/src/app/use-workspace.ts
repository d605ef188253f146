// The lifetime of a signed-in session's workspace, tied to the screen that shows it.
import { useEffect, useState } from 'react';
import type { Session } from '../local/session.js';
import type { Services, Workspace } from './services.js';

export type WorkspaceState =
  | { readonly status: 'opening' }
  | { readonly status: 'open'; readonly workspace: Workspace }
  | { readonly status: 'failed'; readonly message: string };

/** Opens the session's workspace while the component is mounted, and closes it after. */
export function useWorkspace(services: Services, session: Session): WorkspaceState {
  const [state, setState] = useState<WorkspaceState>({ status: 'opening' });
  useEffect(() => {
    let unmounted = false;
    let opened: Workspace | undefined;
    setState({ status: 'opening' });
    services.openWorkspace(session).then(
      (workspace) => {
        if (unmounted) {
          void workspace.close();
          return;
        }
        opened = workspace;
        setState({ status: 'open', workspace });
      },
      (error: unknown) => {
        if (unmounted) return;
        const why = error instanceof Error ? error.message : String(error);
        setState({
          status: 'failed',
          message: `Sheaf could not start syncing (${why}). Check your connection and reload.`,
        });
      },
    );
    return () => {
      unmounted = true;
      void opened?.close();
    };
  }, [services, session]);
  return state;
}
