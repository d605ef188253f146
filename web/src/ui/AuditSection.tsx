// The settings' security activity: the account's audit log, newest first, one sentence per event
// with when it happened and from where. Devices are named as the device list names them now, or
// else as they were named when they signed in; "Show older" pages back through the log.
import { useEffect, useId, useMemo, type ReactNode } from 'react';
import type { AuditEventBody } from '@sheaf/shared/protocol/audit';
import {
  describeAuditEvent,
  deviceNamesIn,
  type AuditContext,
  type AuditIconKind,
  type AuditList,
} from '../app/audit-list.js';
import type { DeviceList } from '../app/device-list.js';
import { useStore } from '../app/use-store.js';
import { formatLongDate, formatRelative } from './format.js';
import { ListLoading, ListUnavailable } from './SettingsListStates.js';
import { AlertIcon, CheckIcon, ShieldIcon, SignInIcon, SignOutIcon, TrashIcon } from './icons.js';

type AuditSectionProps = {
  readonly audit: AuditList;
  /** The signed-in devices: their names now, and which one is this. */
  readonly devices: DeviceList;
  /** Whether the relay is reachable now: the log is asked for again when it comes back. */
  readonly online: boolean;
  /** The name of a file or folder the drive still holds. */
  readonly nodeName: (nodeId: string) => string | undefined;
};

const ICONS: Record<AuditIconKind, ReactNode> = {
  account: <CheckIcon size={16} />,
  'sign-in': <SignInIcon size={16} />,
  'sign-out': <SignOutIcon size={16} />,
  alert: <AlertIcon size={16} />,
  trash: <TrashIcon size={16} />,
};

function AuditRow({
  event,
  context,
  now,
}: {
  readonly event: AuditEventBody;
  readonly context: AuditContext;
  readonly now: number;
}): ReactNode {
  const line = describeAuditEvent(event, context);
  const at = Date.parse(event.at);
  return (
    <li className={`audit-event tone-${line.tone}`} data-testid="audit-event">
      <span className="audit-icon" aria-hidden="true">
        {ICONS[line.icon]}
      </span>
      <div className="audit-body">
        <span className="audit-text">{line.text}</span>
        <span className="audit-meta">
          <time dateTime={event.at} title={formatLongDate(at)}>
            {formatRelative(at, now)}
          </time>
          {line.from === undefined ? null : <span className="audit-from">{` · from ${line.from}`}</span>}
        </span>
      </div>
    </li>
  );
}

export function AuditSection({ audit, devices, online, nodeName }: AuditSectionProps): ReactNode {
  const headingId = useId();
  const state = useStore(audit.state);
  const deviceState = useStore(devices.state);
  // Asked when the section opens and whenever the relay becomes reachable again.
  useEffect(() => {
    void audit.load();
  }, [audit, online]);
  const events = state.status === 'ready' ? state.events : undefined;
  const context = useMemo((): AuditContext => {
    const names = deviceNamesIn(events ?? []);
    const listed = deviceState.status === 'ready' ? deviceState.devices : [];
    for (const device of listed) names.set(device.deviceId, device.name);
    return { deviceNames: names, thisDevice: listed.find((d) => d.current)?.deviceId, nodeName };
  }, [events, deviceState, nodeName]);
  const now = Date.now();

  return (
    <section className="settings-section settings-audit" aria-labelledby={headingId}>
      <div className="settings-heading">
        <span className="settings-icon" aria-hidden="true">
          <ShieldIcon size={18} />
        </span>
        <div>
          <h3 className="settings-title" id={headingId}>
            Security activity
          </h3>
          <p className="settings-lead">Sign-ins, signed-out devices and deletions on your account, newest first.</p>
        </div>
      </div>

      {state.status === 'loading' ? (
        <ListLoading label="Loading your security activity" rows={3} />
      ) : state.status === 'failed' ? (
        <ListUnavailable
          offline={state.offline}
          offlineText="You’re offline. Your security activity is shown here once Sheaf can reach your relay."
          failedText="Your security activity could not be loaded."
          message={state.message}
          onRetry={() => void audit.load()}
        />
      ) : state.events.length === 0 ? (
        <div className="devices-unavailable audit-empty">
          <ShieldIcon size={18} />
          <p>Nothing yet. Sign-ins and deletions on your account will be listed here.</p>
        </div>
      ) : (
        <>
          <ol className="devices audit" aria-label="Security activity, newest first">
            {state.events.map((event) => (
              <AuditRow key={event.seq} event={event} context={context} now={now} />
            ))}
          </ol>
          {state.olderError === undefined ? null : (
            <div className="alert" role="alert">
              <AlertIcon size={18} />
              <span className="alert-text">{state.olderError}</span>
            </div>
          )}
          {state.hasMore ? (
            <button
              type="button"
              className="button secondary small audit-older"
              disabled={state.loadingOlder}
              aria-busy={state.loadingOlder}
              onClick={() => void audit.showOlder()}
            >
              {state.loadingOlder ? 'Loading…' : 'Show older'}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
