// The signed-in screen: the top bar with the sync state and the account menu, the drive once its
// workspace is open, and the settings when asked for.
import { useState, type ReactNode } from 'react';
import type { Retention } from '@sheaf/shared/drive/retention';
import type { Result } from '@sheaf/shared/result';
import { describeRetention } from '../app/retention-form.js';
import type { Services, Workspace } from '../app/services.js';
import { useOptionalStore, useStore } from '../app/use-store.js';
import { useWorkspace } from '../app/use-workspace.js';
import type { Session } from '../local/session.js';
import { Drive } from './Drive.js';
import { AlertIcon } from './icons.js';
import { SettingsDialog } from './SettingsDialog.js';
import { TopBar } from './TopBar.js';

function Settings({
  services,
  workspace,
  onClose,
}: {
  readonly services: Services;
  readonly workspace: Workspace;
  readonly onClose: () => void;
}): ReactNode {
  const state = useStore(workspace.drive.state);
  const connection = useStore(workspace.drive.connection);
  // One list for as long as the dialog is open: it is asked for again when the connection returns.
  const [devices] = useState(() => services.session.devices());
  const [audit] = useState(() => services.session.auditLog());
  const save = (rule: Retention): Result<void, string> => {
    const saved = workspace.actions.setRetention(rule);
    if (saved.ok) services.toasts.info(`Version history: keeping ${describeRetention(rule)}`);
    return saved;
  };
  // Keyed by status: a dialog opened while the drive loads starts its form again from the stored
  // rule once it is there, rather than offering "keep every version" over it.
  return (
    <SettingsDialog
      key={state.status}
      drive={state.status === 'ready' ? state : undefined}
      onSave={save}
      onClose={onClose}
      devices={devices}
      online={connection === 'online'}
      audit={audit}
      storage={workspace.storage}
      offline={workspace.offline}
    />
  );
}

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
  const status = useOptionalStore(workspace?.syncStatus);
  const [settingsOpen, setSettingsOpen] = useState(false);
  return (
    <div className="shell">
      <TopBar
        session={session}
        connection={connection}
        owed={owed ?? 0}
        status={status}
        onSignOut={(options) => void services.session.signOut(options)}
        onSettings={workspace === undefined ? undefined : () => setSettingsOpen(true)}
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
      {settingsOpen && workspace !== undefined ? (
        <Settings services={services} workspace={workspace} onClose={() => setSettingsOpen(false)} />
      ) : null}
    </div>
  );
}
