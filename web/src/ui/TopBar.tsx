// The bar across the top of a signed-in screen: the mark, the sync state and the account, whose
// menu holds the settings and signing out.
import type { ReactNode } from 'react';
import type { Session } from '../local/session.js';
import type { ConnectionState } from '../sync/connection.js';
import { ChevronDownIcon, SettingsIcon, SheafMark, SignOutIcon } from './icons.js';
import { Menu, type MenuItem } from './Menu.js';

const CONNECTION_LABEL: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  online: 'Synced',
  offline: 'Offline',
};

const CONNECTION_HINT: Record<ConnectionState, string> = {
  connecting: 'Connecting to your relay',
  online: 'Changes reach your other devices right away',
  offline: 'Changes are kept on this device and sync when the relay is back',
};

export function ConnectionPill({ state, owed }: { readonly state: ConnectionState; readonly owed: number }): ReactNode {
  // Chunks saved offline are still on their way: "Synced" would promise too much.
  const sending = state === 'online' && owed > 0;
  const waiting = owed > 0 ? ` ${owed} ${owed === 1 ? 'piece' : 'pieces'} of files are waiting to be sent.` : '';
  return (
    <span
      className={`pill pill-${sending ? 'connecting' : state}`}
      role="status"
      title={CONNECTION_HINT[state] + waiting}
    >
      <span className="pill-dot" aria-hidden="true" />
      {sending ? 'Sending…' : CONNECTION_LABEL[state]}
    </span>
  );
}

type TopBarProps = {
  readonly session: Session;
  readonly connection: ConnectionState | undefined;
  /** Chunks saved here that the relay has not received yet. */
  readonly owed: number;
  readonly onSignOut: () => void;
  /** Opens the settings; absent until the drive is open. */
  readonly onSettings: (() => void) | undefined;
};

export function TopBar({ session, connection, owed, onSignOut, onSettings }: TopBarProps): ReactNode {
  const initial = (session.name.trim().charAt(0) || session.email.charAt(0)).toUpperCase();
  const items: MenuItem[] = [
    ...(onSettings === undefined
      ? []
      : [{ label: 'Settings', icon: <SettingsIcon size={18} />, onSelect: onSettings }]),
    { label: 'Sign out', icon: <SignOutIcon size={18} />, onSelect: onSignOut },
  ];
  return (
    <header className="topbar">
      <div className="topbar-brand">
        <SheafMark size={28} />
        <span className="topbar-name">Sheaf</span>
      </div>
      {connection === undefined ? null : <ConnectionPill state={connection} owed={owed} />}
      <div className="topbar-account">
        <Menu
          label={`Account: ${session.name}`}
          items={items}
          trigger={{
            className: 'account-button',
            content: (
              <>
                <span className="avatar" aria-hidden="true">
                  {initial}
                </span>
                <span className="account-text" title={session.email}>
                  <span className="account-name">{session.name}</span>
                  <span className="account-device">{session.deviceName}</span>
                </span>
                <ChevronDownIcon size={16} className="account-chevron" />
              </>
            ),
          }}
        />
      </div>
    </header>
  );
}
