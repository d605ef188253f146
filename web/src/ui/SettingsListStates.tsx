// What a Settings list shows before it has rows: placeholders while it loads, and why it is missing
// (offline, or the relay's reason) with a way to ask again. Devices and security activity share it.
import type { ReactNode } from 'react';
import { AlertIcon, CloudIcon } from './icons.js';

export function ListLoading({ label, rows }: { readonly label: string; readonly rows: number }): ReactNode {
  return (
    <div className="devices devices-loading" aria-busy="true" aria-label={label}>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton-row" />
      ))}
    </div>
  );
}

type ListUnavailableProps = {
  readonly offline: boolean;
  /** Said when offline. */
  readonly offlineText: string;
  /** Said when the relay refused or failed, before its own message. */
  readonly failedText: string;
  readonly message: string;
  readonly onRetry: () => void;
};

export function ListUnavailable({
  offline,
  offlineText,
  failedText,
  message,
  onRetry,
}: ListUnavailableProps): ReactNode {
  return (
    <div className="devices-unavailable">
      {offline ? <CloudIcon size={18} /> : <AlertIcon size={18} />}
      <p>{offline ? offlineText : `${failedText} ${message}`}</p>
      <button type="button" className="button secondary small" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
