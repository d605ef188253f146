// The settings' list of devices the account is signed in on: what each is, what it runs and when it
// was last seen. Any device but this one can be signed out from here, after a confirmation; it
// leaves the list at once and comes back with the reason if the relay refuses.
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { DeviceEntry } from '@sheaf/shared/protocol/devices';
import type { DeviceList } from '../app/device-list.js';
import { useStore } from '../app/use-store.js';
import { ConfirmDialog } from './Dialog.js';
import { ListLoading, ListUnavailable } from './SettingsListStates.js';
import { formatLongDate, formatRelative } from './format.js';
import { AlertIcon, CloseIcon, DevicesIcon, LaptopIcon, PhoneIcon } from './icons.js';

type DevicesSectionProps = {
  readonly devices: DeviceList;
  /** Whether the relay is reachable now: the list is asked for again when it comes back. */
  readonly online: boolean;
};

const isPhone = (platform: string): boolean => /\b(Android|iOS)\b/.test(platform);

function DeviceRow({
  device,
  now,
  onSignOut,
}: {
  readonly device: DeviceEntry;
  readonly now: number;
  readonly onSignOut: (device: DeviceEntry) => void;
}): ReactNode {
  const seen = Date.parse(device.lastSeenAt);
  const signedIn = Date.parse(device.signedInAt);
  return (
    <li className={`device${device.current ? ' is-current' : ''}`} data-testid="device">
      <span className="device-icon" aria-hidden="true">
        {isPhone(device.platform) ? <PhoneIcon size={20} /> : <LaptopIcon size={20} />}
      </span>
      <div className="device-body">
        <div className="device-line">
          <span className="device-name">{device.name}</span>
          {device.current ? <span className="badge badge-accent">This device</span> : null}
        </div>
        <div className="device-meta" title={`Signed in ${formatLongDate(signedIn)}`}>
          {device.platform}
          {' · '}
          {device.current ? (
            'Active now'
          ) : (
            <time dateTime={device.lastSeenAt}>Last seen {formatRelative(seen, now)}</time>
          )}
        </div>
      </div>
      {device.current ? null : (
        <button
          type="button"
          className="button secondary small"
          aria-label={`Sign out ${device.name}`}
          onClick={() => onSignOut(device)}
        >
          Sign out
        </button>
      )}
    </li>
  );
}

export function DevicesSection({ devices, online }: DevicesSectionProps): ReactNode {
  const headingId = useId();
  const state = useStore(devices.state);
  const [confirming, setConfirming] = useState<DeviceEntry>();
  // Asked when the section opens and whenever the relay becomes reachable again.
  useEffect(() => {
    void devices.load();
  }, [devices, online]);
  const now = Date.now();

  return (
    <section className="settings-section settings-devices" aria-labelledby={headingId}>
      <div className="settings-heading">
        <span className="settings-icon" aria-hidden="true">
          <DevicesIcon size={18} />
        </span>
        <div>
          <h3 className="settings-title" id={headingId}>
            Devices
          </h3>
          <p className="settings-lead">Where your account is signed in.</p>
        </div>
      </div>

      {state.status === 'loading' ? (
        <ListLoading label="Loading your devices" rows={2} />
      ) : state.status === 'failed' ? (
        <ListUnavailable
          offline={state.offline}
          offlineText="You’re offline. Your devices are listed here once Sheaf can reach your relay."
          failedText="Your devices could not be listed."
          message={state.message}
          onRetry={() => void devices.load()}
        />
      ) : (
        <ul className="devices" aria-label="Signed-in devices">
          {state.devices.map((device) => (
            <DeviceRow key={device.deviceId} device={device} now={now} onSignOut={setConfirming} />
          ))}
        </ul>
      )}

      {state.status === 'ready' && state.error !== undefined ? (
        <div className="alert" role="alert">
          <AlertIcon size={18} />
          <span className="alert-text">{state.error}</span>
          <button
            type="button"
            className="icon-button alert-dismiss"
            aria-label="Dismiss"
            onClick={() => devices.dismissError()}
          >
            <CloseIcon size={16} />
          </button>
        </div>
      ) : null}

      <p className="settings-note">
        A device you sign out stops syncing until someone signs in on it again. Files it already holds stay on it.
      </p>

      {confirming === undefined ? null : (
        <ConfirmDialog
          title="Sign out this device?"
          message={
            <>
              <strong>{confirming.name}</strong> will stop syncing with your drive and show the sign-in screen.
            </>
          }
          confirmLabel="Sign out"
          onConfirm={() => void devices.signOut(confirming)}
          onClose={() => setConfirming(undefined)}
        />
      )}
    </section>
  );
}
