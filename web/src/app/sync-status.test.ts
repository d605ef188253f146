import { describe, expect, it } from 'vitest';
import { createStore } from '../lib/store.js';
import type { ConnectionState } from '../sync/connection.js';
import type { DriveState } from '../sync/drive-sync.js';
import {
  createSyncStatus,
  syncHint,
  syncLabel,
  syncStatus,
  type SyncInputs,
  type UploadStateLike,
} from './sync-status.js';

const base: SyncInputs = { connection: 'online', owedChunks: 0, uploads: [], driveError: undefined };
const jobs = (...states: UploadStateLike[]) => states.map((state) => ({ state }));

describe('sync status', () => {
  it('is synced only when online with nothing owed or uploading', () => {
    expect(syncStatus(base)).toEqual({ kind: 'synced' });
    expect(syncLabel(syncStatus(base))).toBe('Synced');
    expect(syncStatus({ ...base, uploads: jobs('done', 'cancelled', 'paused') })).toEqual({ kind: 'synced' });
  });

  it('counts owed chunks and active uploads as items syncing', () => {
    const status = syncStatus({ ...base, owedChunks: 3, uploads: jobs('uploading', 'queued', 'done') });
    expect(status).toEqual({ kind: 'syncing', items: 5 });
    expect(syncLabel(status)).toBe('Syncing 5 items');
    expect(syncLabel(syncStatus({ ...base, owedChunks: 1 }))).toBe('Syncing 1 item');
  });

  it('offline says so, with what waits on this device', () => {
    expect(syncLabel(syncStatus({ ...base, connection: 'offline' }))).toBe('Offline');
    const waiting = syncStatus({ ...base, connection: 'offline', owedChunks: 2 });
    expect(waiting).toEqual({ kind: 'offline', waiting: 2 });
    expect(syncLabel(waiting)).toBe('Offline · 2 waiting');
    expect(syncHint(waiting)).toContain('2 items wait on this device');
  });

  it('a failed upload or a drive that cannot open is an error with a readable message', () => {
    const failed = syncStatus({ ...base, connection: 'offline', uploads: jobs('failed', 'failed') });
    expect(failed).toMatchObject({ kind: 'error' });
    expect(syncLabel(failed)).toBe('Sync problem');
    expect(syncHint(failed)).toBe('2 uploads failed. Open the uploads list to retry them.');
    const broken = syncStatus({ ...base, driveError: 'Your drive could not be read.' });
    expect(syncHint(broken)).toBe('Your drive could not be read.');
  });

  it('connecting is neither synced nor offline', () => {
    expect(syncStatus({ ...base, connection: 'connecting', owedChunks: 4 })).toEqual({ kind: 'connecting' });
  });

  it('follows its sources and publishes only when what it says changes', () => {
    const connection = createStore<ConnectionState>('offline');
    const owedChunks = createStore(0);
    const uploads = createStore<readonly { state: UploadStateLike }[]>([]);
    const drive = createStore<DriveState>({ status: 'loading' });
    const { status, close } = createSyncStatus({ connection, owedChunks, uploads, drive });
    let published = 0;
    status.subscribe(() => (published += 1));
    expect(status.get()).toEqual({ kind: 'offline', waiting: 0 });

    owedChunks.set(2);
    expect(status.get()).toEqual({ kind: 'offline', waiting: 2 });
    uploads.set(jobs('paused'));
    expect(published).toBe(1);

    connection.set('online');
    expect(status.get()).toEqual({ kind: 'syncing', items: 2 });
    owedChunks.set(0);
    expect(status.get()).toEqual({ kind: 'synced' });
    expect(published).toBe(3);

    drive.set({ status: 'failed', message: 'Your drive could not be read.' });
    expect(status.get()).toEqual({ kind: 'error', message: 'Your drive could not be read.', waiting: 0 });

    close();
    owedChunks.set(9);
    expect(status.get()).toMatchObject({ kind: 'error' });
  });
});
