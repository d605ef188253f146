// Removing this device's copy of the drive when signing out: the app's Dexie database (session,
// device identity, chunks, outbox) and Automerge's, each deleted once nothing here holds it open.
// Another tab of Sheaf holding a connection blocks a delete until that tab closes; rather than
// leave sign-out hanging, that is reported and the delete finishes on its own when the tab goes.
import { err, ok, type Result } from '@sheaf/shared/result';
import type { SheafDb } from '../local/db.js';

/** How long to wait for other tabs to let go before saying so. */
export const WIPE_WAIT_MS = 5_000;

export type WipeError = 'blocked' | 'failed';

export type LocalWipeDeps = {
  /** The app's database: deleted through Dexie, which closes it first. */
  readonly db: Pick<SheafDb, 'delete'>;
  /** Other databases to delete by name (Automerge's), once their users here have closed them. */
  readonly others: readonly string[];
  readonly indexedDB: Pick<IDBFactory, 'deleteDatabase'>;
  readonly setTimer: (run: () => void, ms: number) => () => void;
};

function deleteByName(factory: Pick<IDBFactory, 'deleteDatabase'>, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`));
  });
}

export async function wipeLocalData(deps: LocalWipeDeps): Promise<Result<void, WipeError>> {
  let stop = (): void => {};
  const waited = new Promise<'blocked'>((resolve) => {
    stop = deps.setTimer(() => resolve('blocked'), WIPE_WAIT_MS);
  });
  try {
    // Dexie turns auto-open back on so that signing in again recreates the database, empty.
    const deleting = Promise.all([
      deps.db.delete({ disableAutoOpen: false }),
      ...deps.others.map((name) => deleteByName(deps.indexedDB, name)),
    ]);
    const outcome = await Promise.race([deleting.then(() => 'deleted' as const), waited]);
    return outcome === 'deleted' ? ok(undefined) : err('blocked');
  } catch (error) {
    console.warn('Sheaf: could not remove the local data', error);
    return err('failed');
  } finally {
    stop();
  }
}
