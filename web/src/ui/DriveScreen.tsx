// The signed-in screen: the top bar with the sync state, and the drive once its workspace is open.
import type { ReactNode } from 'react';
import type { Services } from '../app/services.js';
import { useOptionalStore } from '../app/use-store.js';
import { useWorkspace } from '../app/use-workspace.js';
import type { Session } from '../local/session.js';
import { Drive } from './Drive.js';
import { AlertIcon } from './icons.js';
import { TopBar } from './TopBar.js';

export function DriveScreen({
  services,
  session,
}: {
  readonly services: Services;
  readonly session: Session;
}): ReactNode {
  const opening = useWorkspace(services, session);
  const workspace = opening.status === 'open' ? opening.workspace : undefined;
  const connection = useOptionalStore(workspace?.drive.connection);
  const owed = useOptionalStore(workspace?.sender.owed);
  return (
    <div className="shell">
      <TopBar
        session={session}
        connection={connection}
        owed={owed ?? 0}
        onSignOut={() => void services.session.signOut()}
      />
      <main className="main">
        {workspace !== undefined ? <Drive services={services} workspace={workspace} session={session} /> : null}
        {opening.status === 'failed' ? (
          <div className="drive">
            <div className="card notice notice-error" role="alert">
              <AlertIcon size={18} />
              <span>{opening.message}</span>
            </div>
          </div>
        ) : null}
      </main>
    </div>
  );
}
