// The settings' storage on this device: what Sheaf takes in this browser and what is left
// (`navigator.storage.estimate()`), how much of it is files kept available offline, and how
// fetching them ahead is going. Cached files not kept offline are the first to go when space runs low.
import { useEffect, useId, type ReactNode } from 'react';
import type { OfflinePins, OfflineProgress } from '../app/offline-pins.js';
import type { StorageMeter } from '../app/storage-meter.js';
import { useStore } from '../app/use-store.js';
import { formatBytes } from './format.js';
import { AlertIcon, LaptopIcon } from './icons.js';

type DeviceStorageSectionProps = {
  readonly storage: Pick<StorageMeter, 'device' | 'refreshDevice'>;
  readonly offline: Pick<OfflinePins, 'progress'>;
};

const percent = (part: number, whole: number): string => `${whole <= 0 ? 0 : Math.min(100, (part / whole) * 100)}%`;

export function DeviceStorageSection({ storage, offline }: DeviceStorageSectionProps): ReactNode {
  const id = useId();
  const device = useStore(storage.device);
  const pins = useStore(offline.progress);
  // Asked again as pinned files arrive, so the figures move while the dialog is open.
  useEffect(() => {
    void storage.refreshDevice();
  }, [storage, pins.storedBytes]);

  const pinnedHere = pins.storedBytes;
  const used = Math.max(device?.usedBytes ?? 0, pinnedHere);
  const other = used - pinnedHere;
  const free = device === undefined ? undefined : Math.max(0, device.quotaBytes - used);
  return (
    <section
      className="settings-section settings-device-storage"
      aria-labelledby={`${id}-title`}
      data-testid="device-storage"
    >
      <div className="settings-heading">
        <span className="settings-icon" aria-hidden="true">
          <LaptopIcon size={18} />
        </span>
        <div>
          <h3 className="settings-title" id={`${id}-title`}>
            Storage on this device
          </h3>
          <p className="settings-lead">What Sheaf keeps in this browser, so your files open without a network.</p>
        </div>
      </div>
      <div className="device-storage">
        {device === undefined ? null : (
          <div
            className="device-storage-bar"
            role="meter"
            aria-label="Storage used on this device"
            aria-valuemin={0}
            aria-valuemax={device.quotaBytes}
            aria-valuenow={Math.min(used, device.quotaBytes)}
            aria-valuetext={`${formatBytes(used)} used, ${formatBytes(free ?? 0)} available`}
          >
            <span className="device-storage-fill" style={{ width: percent(pinnedHere, device.quotaBytes) }} />
            <span className="device-storage-fill is-other" style={{ width: percent(other, device.quotaBytes) }} />
          </div>
        )}
        <dl className="device-storage-legend">
          <div>
            <dt>
              <span className="device-storage-swatch" aria-hidden="true" />
              Available offline
            </dt>
            <dd data-testid="offline-bytes">
              {pins.files === 0
                ? 'None yet'
                : `${formatBytes(pins.bytes)} · ${pins.files} ${pins.files === 1 ? 'file' : 'files'}`}
            </dd>
          </div>
          <div>
            <dt>
              <span className="device-storage-swatch is-other" aria-hidden="true" />
              Cache and drive
            </dt>
            <dd>{device === undefined ? '—' : formatBytes(other)}</dd>
          </div>
          <div>
            <dt>
              <span className="device-storage-swatch is-free" aria-hidden="true" />
              Available
            </dt>
            <dd data-testid="device-free">{free === undefined ? 'Unknown' : formatBytes(free)}</dd>
          </div>
        </dl>
        <OfflineProgressLine progress={pins} />
        <p className="settings-note">
          When space runs low, files you haven’t made available offline are removed from this device first. They stay on
          your relay and download again when you open them.
        </p>
      </div>
    </section>
  );
}

function OfflineProgressLine({ progress }: { readonly progress: OfflineProgress }): ReactNode {
  if (progress.state === 'fetching') {
    return (
      <p className="settings-note" role="status">
        Downloading for offline use: {formatBytes(progress.storedBytes)} of {formatBytes(progress.bytes)}
      </p>
    );
  }
  if (progress.state === 'waiting') {
    return (
      <p className="settings-note" role="status">
        {formatBytes(progress.bytes - progress.storedBytes)} of files kept offline will download when you’re back
        online.
      </p>
    );
  }
  if (progress.state === 'failed') {
    return (
      <p className="settings-warning" role="alert">
        <AlertIcon size={16} />
        <span>{progress.message ?? 'Some files could not be downloaded for offline use.'}</span>
      </p>
    );
  }
  return null;
}
