// The bar across the top of a signed-in screen: the mark, the sync status and the account, whose
// menu holds the settings and signing out. Signing out asks first, and offers to remove this
// device's copy of the drive too; kept by default, so that signing out and in again stays quick.
import { useState, type ReactNode } from 'react';
import type { Session } from '../local/session.js';
import type { SyncStatus as SyncStatusValue } from '../app/sync-status.js';
import type { ConnectionState } from '../sync/connection.js';
import { ConfirmDialog } from './Dialog.js';
import { AlertIcon, ChevronDownIcon, SettingsIcon, SheafMark, SignOutIcon } from './icons.js';
import { Menu, type MenuItem } from './Menu.js';
import { SyncStatus } from './SyncStatus.js';

type TopBarProps = {
  readonly session: Session;
  readonly connection: ConnectionState | undefined;
  /** Chunks saved here that the relay has not received yet. */
  readonly owed: number;
  /** What the sync pill says; absent until the drive is open. */
  readonly status: SyncStatusValue | undefined;
  /** `wipe`: also remove this device's copy of the drive. */
  readonly onSignOut: (options: { readonly wipe: boolean }) => void;
  /** Opens the settings; absent until the drive is open. */
  readonly onSettings: (() => void) | undefined;
};

type SignOutDialogProps = {
  readonly email: string;
  readonly connection: ConnectionState | undefined;
  readonly owed: number;
  readonly onSignOut: (options: { readonly wipe: boolean }) => void;
  readonly onClose: () => void;
};

/** What removing the local copy now would lose: chunks not sent, and changes made offline. */
function unsentWarning(connection: ConnectionState | undefined, owed: number): string | undefined {
  const offline = connection !== undefined && connection !== 'online';
  if (owed === 0 && !offline) return undefined;
  return [
    owed === 0
      ? undefined
      : `${owed === 1 ? '1 piece of your files has' : `${owed} pieces of your files have`} not reached your relay yet.`,
    offline
      ? 'You’re offline: changes made since this device was last connected may not have reached your relay.'
      : undefined,
    'Removing this device’s copy now loses them.',
  ]
    .filter((part) => part !== undefined)
    .join(' ');
}

export function SignOutDialog({ email, connection, owed, onSignOut, onClose }: SignOutDialogProps): ReactNode {
  const [wipe, setWipe] = useState(false);
  const warning = wipe ? unsentWarning(connection, owed) : undefined;
  return (
    <ConfirmDialog
      title="Sign out of Sheaf?"
      message={
        <>
          This device stops syncing with <strong>{email}</strong> until you sign in again.
        </>
      }
      confirmLabel={wipe ? 'Sign out and remove' : 'Sign out'}
      tone={wipe ? 'danger' : 'primary'}
      onConfirm={() => onSignOut({ wipe })}
      onClose={onClose}
    >
      <label className={`signout-option${wipe ? ' is-chosen' : ''}`}>
        <input
          type="checkbox"
          className="checkbox"
          checked={wipe}
          onChange={(event) => setWipe(event.target.checked)}
        />
        <span className="signout-option-text">
          <span className="signout-option-label">Also remove this device’s copy of your files</span>
          <span className="signout-option-hint">
            Your files stay on your relay and come back when you sign in again. Use this on a shared or borrowed device.
          </span>
        </span>
      </label>
      {warning === undefined ? null : (
        <p className="settings-warning" role="alert">
          <AlertIcon size={16} />
          <span>{warning}</span>
        </p>
      )}
    </ConfirmDialog>
  );
}

export function TopBar({ session, connection, owed, status, onSignOut, onSettings }: TopBarProps): ReactNode {
  const initial = (session.name.trim().charAt(0) || session.email.charAt(0)).toUpperCase();
  const [signingOut, setSigningOut] = useState(false);
  const items: MenuItem[] = [
    ...(onSettings === undefined
      ? []
      : [{ label: 'Settings', icon: <SettingsIcon size={18} />, onSelect: onSettings }]),
    { label: 'Sign out', icon: <SignOutIcon size={18} />, onSelect: () => setSigningOut(true) },
  ];
  return (
    <header className="topbar">
      <div className="topbar-brand">
        <SheafMark size={28} />
        <span className="topbar-name">Sheaf</span>
      </div>
      {status === undefined ? null : <SyncStatus status={status} />}
      <div className="topbar-account">
        <Menu
          // The accessible name starts with the visible text (WCAG 2.5.3: voice users say what they see).
          label={`Account: ${session.name} ${session.deviceName}`}
          items={items}
          trigger={{
            className: 'account-button',
            content: (
              <>
                {/* The initial is drawn by CSS: as text it would read "AAda…", unlike the button's name. */}
                <span className="avatar" data-initial={initial} aria-hidden="true" />
                <span className="account-text" title={session.email}>
                  <span className="account-name">{session.name}</span>{' '}
                  <span className="account-device">{session.deviceName}</span>
                </span>
                <ChevronDownIcon size={16} className="account-chevron" />
              </>
            ),
          }}
        />
      </div>
      {signingOut ? (
        <SignOutDialog
          email={session.email}
          connection={connection}
          owed={owed}
          onSignOut={onSignOut}
          onClose={() => setSigningOut(false)}
        />
      ) : null}
    </header>
  );
}
