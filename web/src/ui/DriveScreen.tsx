// The signed-in screen: top bar, uploads and the file list of the drive, all live from the
// workspace's stores.
import { useEffect, useState, type ReactNode } from 'react';
import type { Services, Workspace } from '../app/services.js';
import { useOptionalStore, useStore } from '../app/use-store.js';
import { useWorkspace } from '../app/use-workspace.js';
import type { Session } from '../local/session.js';
import { DropZone } from './DropZone.js';
import { FileTable } from './FileTable.js';
import { formatBytes } from './format.js';
import { AlertIcon, UploadIcon } from './icons.js';
import { TopBar } from './TopBar.js';
import { UploadList } from './UploadList.js';
import { UploadPicker } from './UploadPicker.js';

/** Re-renders once a minute so that "10:32" becomes "Mar 4" after midnight without a reload. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function EmptyDrive({ onFiles }: { readonly onFiles: (files: File[]) => void }): ReactNode {
  return (
    <div className="empty">
      <span className="empty-icon" aria-hidden="true">
        <UploadIcon size={28} />
      </span>
      <h2 className="empty-title">No files yet</h2>
      <p className="empty-text">
        Drop files here, or choose them from this device. They’ll appear on your other devices too.
      </p>
      <UploadPicker label="Choose files" variant="secondary" onFiles={onFiles} />
    </div>
  );
}

function Drive({ workspace }: { readonly workspace: Workspace }): ReactNode {
  const view = useStore(workspace.drive.view);
  const jobs = useStore(workspace.uploads.jobs);
  const downloads = useStore(workspace.downloads.byFile);
  const now = useMinuteClock();
  const addFiles = (files: File[]): void => workspace.uploads.add(files);

  const files = view.status === 'ready' ? view.files : [];
  const total = files.reduce((sum, file) => sum + file.size, 0);

  return (
    <DropZone className="drive" onFiles={addFiles}>
      <div className="drive-header">
        <div>
          <h1 className="drive-title">My Drive</h1>
          <p className="drive-summary">
            {view.status === 'ready'
              ? `${files.length} ${files.length === 1 ? 'file' : 'files'} · ${formatBytes(total)}`
              : 'Loading…'}
          </p>
        </div>
        <UploadPicker label="Upload files" onFiles={addFiles} />
      </div>

      <UploadList jobs={jobs} onCancel={workspace.uploads.cancel} onClearFinished={workspace.uploads.clearFinished} />

      {view.status === 'failed' ? (
        <div className="card notice notice-error" role="alert">
          <AlertIcon size={18} />
          <span>{view.message}</span>
        </div>
      ) : null}
      {view.status === 'ready' && (view.unreadable > 0 || view.newerSchema) ? (
        <div className="card notice" role="status">
          <AlertIcon size={18} />
          <span>Some files were added by a newer version of Sheaf and are hidden. Reload to update the app.</span>
        </div>
      ) : null}

      {view.status === 'loading' ? (
        <div className="card skeleton" aria-busy="true" aria-label="Loading your drive">
          <div className="skeleton-row" />
          <div className="skeleton-row" />
          <div className="skeleton-row" />
        </div>
      ) : null}
      {view.status === 'ready' && files.length === 0 ? <EmptyDrive onFiles={addFiles} /> : null}
      {files.length > 0 ? (
        <FileTable files={files} downloads={downloads} onDownload={workspace.downloads.start} now={now} />
      ) : null}
    </DropZone>
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
  return (
    <div className="shell">
      <TopBar session={session} connection={connection} onSignOut={() => void services.session.signOut()} />
      <main className="main">
        {workspace !== undefined ? <Drive workspace={workspace} /> : null}
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
