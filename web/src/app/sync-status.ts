// What the top bar says about syncing, from the parts that know: the sync connection, the chunks
// this device still owes the relay, the uploads under way or failed, and the drive itself. One
// derived store, so the pill, its hint and the tests read one answer: offline (with what waits),
// connecting, syncing N items, a problem with a readable message, or synced.
import type { ConnectionState } from '../sync/connection.js';
import type { DriveState } from '../sync/drive-sync.js';
import { createStore, type Store } from '../lib/store.js';

/** An upload's state, as much as the status needs. */
export type UploadStateLike = 'queued' | 'uploading' | 'paused' | 'cancelled' | 'done' | 'failed';

export type SyncInputs = {
  readonly connection: ConnectionState;
  /** Chunks saved here that the relay has not received yet. */
  readonly owedChunks: number;
  readonly uploads: readonly { readonly state: UploadStateLike }[];
  /** Why the drive could not open, if it could not. */
  readonly driveError: string | undefined;
};

export type SyncStatus =
  | { readonly kind: 'synced' }
  | { readonly kind: 'connecting' }
  | { readonly kind: 'offline'; readonly waiting: number }
  | { readonly kind: 'syncing'; readonly items: number }
  | { readonly kind: 'error'; readonly message: string; readonly waiting: number };

/**
 * Items still to sync: files uploading or queued, and pieces of files saved here but not sent.
 * Both are counted, since either may be all that is left (an upload saved offline has finished
 * as a job and lives on only as owed chunks).
 */
const waitingItems = (inputs: SyncInputs): number =>
  inputs.owedChunks + inputs.uploads.filter((u) => u.state === 'queued' || u.state === 'uploading').length;

export function syncStatus(inputs: SyncInputs): SyncStatus {
  const waiting = waitingItems(inputs);
  if (inputs.driveError !== undefined) return { kind: 'error', message: inputs.driveError, waiting };
  const failed = inputs.uploads.filter((u) => u.state === 'failed').length;
  if (failed > 0) {
    const message =
      failed === 1
        ? '1 upload failed. Open the uploads list to retry it.'
        : `${failed} uploads failed. Open the uploads list to retry them.`;
    return { kind: 'error', message, waiting };
  }
  if (inputs.connection === 'offline') return { kind: 'offline', waiting };
  if (inputs.connection === 'connecting') return { kind: 'connecting' };
  return waiting > 0 ? { kind: 'syncing', items: waiting } : { kind: 'synced' };
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The pill's words. "Synced" and "Offline" are what the e2e specs (and people) look for. */
export function syncLabel(status: SyncStatus): string {
  switch (status.kind) {
    case 'synced':
      return 'Synced';
    case 'connecting':
      return 'Connecting…';
    case 'offline':
      return status.waiting === 0 ? 'Offline' : `Offline · ${status.waiting} waiting`;
    case 'syncing':
      return `Syncing ${plural(status.items, 'item', 'items')}`;
    case 'error':
      return 'Sync problem';
  }
}

/** The longer explanation, for the pill's tooltip and screen readers. */
export function syncHint(status: SyncStatus): string {
  switch (status.kind) {
    case 'synced':
      return 'Everything on this device is on your relay, and changes reach your other devices right away.';
    case 'connecting':
      return 'Connecting to your relay.';
    case 'offline':
      return status.waiting === 0
        ? 'You’re offline. Changes are kept on this device and sync when the relay is back.'
        : `You’re offline. ${plural(status.waiting, 'item waits', 'items wait')} on this device and sync when the relay is back.`;
    case 'syncing':
      return `Sending ${plural(status.items, 'item', 'items')} to your relay.`;
    case 'error':
      return status.message;
  }
}

/** Only read and watched here, never set: read-only keeps the sources' own element types assignable. */
type Readable<T> = Pick<Store<T>, 'get' | 'subscribe'>;

const driveError = (state: DriveState): string | undefined => (state.status === 'failed' ? state.message : undefined);

/** Keeps `status` up to date with its sources; `close` stops listening. */
export function createSyncStatus(sources: {
  readonly connection: Readable<ConnectionState>;
  readonly owedChunks: Readable<number>;
  readonly uploads: Readable<readonly { readonly state: UploadStateLike }[]>;
  readonly drive: Readable<DriveState>;
}): { readonly status: Store<SyncStatus>; readonly close: () => void } {
  const read = (): SyncStatus =>
    syncStatus({
      connection: sources.connection.get(),
      owedChunks: sources.owedChunks.get(),
      uploads: sources.uploads.get(),
      driveError: driveError(sources.drive.get()),
    });
  const status = createStore(read());
  // A new object on every change of any source: compared by content, so the pill renders only
  // when what it says changes (upload progress ticks ten times a second).
  const refresh = (): void => {
    const next = read();
    if (JSON.stringify(next) !== JSON.stringify(status.get())) status.set(next);
  };
  const stops = [sources.connection, sources.owedChunks, sources.uploads, sources.drive].map((source) =>
    source.subscribe(refresh),
  );
  return { status, close: () => stops.forEach((stop) => stop()) };
}
