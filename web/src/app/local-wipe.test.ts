// The wipe's own logic: both databases deleted, another tab's hold reported rather than waited on
// for ever. Real deletion in IndexedDB is checked end to end (e2e/devices.spec.ts).
import { describe, expect, it } from 'vitest';
import { err, ok } from '@sheaf/shared/result';
import { wipeLocalData, WIPE_WAIT_MS, type LocalWipeDeps } from './local-wipe.js';

type Request = { onsuccess: (() => void) | null; onerror: (() => void) | null; error: Error | null };

function harness(dexieDelete: () => Promise<void> = () => Promise.resolve()) {
  const requests = new Map<string, Request>();
  const timers: Array<{ run: () => void; ms: number; cleared: boolean }> = [];
  const deps: LocalWipeDeps = {
    db: { delete: () => dexieDelete() as ReturnType<LocalWipeDeps['db']['delete']> },
    others: ['sheaf-automerge'],
    indexedDB: {
      deleteDatabase: (name) => {
        const request: Request = { onsuccess: null, onerror: null, error: null };
        requests.set(name, request);
        return request as unknown as IDBOpenDBRequest;
      },
    },
    setTimer: (run, ms) => {
      const timer = { run, ms, cleared: false };
      timers.push(timer);
      return () => {
        timer.cleared = true;
      };
    },
  };
  return { deps, requests, timers };
}

describe('wiping local data', () => {
  it('deletes the app database and the others, then stops waiting', async () => {
    const { deps, requests, timers } = harness();
    const wiping = wipeLocalData(deps);
    requests.get('sheaf-automerge')?.onsuccess?.();
    expect(await wiping).toEqual(ok(undefined));
    expect(timers.map((t) => [t.ms, t.cleared])).toEqual([[WIPE_WAIT_MS, true]]);
  });

  it('reports a delete another tab holds up instead of hanging', async () => {
    const { deps, timers } = harness();
    const wiping = wipeLocalData(deps);
    timers[0]?.run();
    expect(await wiping).toEqual(err('blocked'));
  });

  it('reports a failed delete', async () => {
    const { deps, requests } = harness(() => Promise.reject(new Error('quota')));
    const wiping = wipeLocalData(deps);
    const request = requests.get('sheaf-automerge');
    if (request !== undefined) request.error = new Error('gone');
    request?.onerror?.();
    expect(await wiping).toEqual(err('failed'));
  });
});
