// An in-memory Web Locks manager for unit tests: exclusive locks granted in request order,
// `ifAvailable` answered with null at once, a `signal` that withdraws a request still waiting, and
// `closeTab` letting go of every lock a "tab" holds, as the browser does when a tab closes. Only
// what Sheaf uses of `navigator.locks`; the real one is exercised by e2e/tabs.spec.ts.
import type { Locks } from './tab-channel.js';

/** What the real manager rejects with for a withdrawn request: the signal's reason. */
const abortReason = (signal: AbortSignal | undefined): Error =>
  signal?.reason instanceof Error ? signal.reason : new DOMException('The request was aborted', 'AbortError');

type Waiting = {
  readonly tab: string;
  readonly grant: () => void;
};

export type FakeLocks = {
  /** The `navigator.locks` of one tab. */
  tab(name: string): Locks;
  /** The tab is gone: its waiting requests are dropped and its locks pass on. */
  closeTab(name: string): void;
  /** Which tab holds `lock`, if any. */
  holder(lock: string): string | undefined;
};

export function createFakeLocks(): FakeLocks {
  const held = new Map<string, { tab: string; release: () => void }>();
  const queues = new Map<string, Waiting[]>();
  const closed = new Set<string>();

  const next = (lock: string): void => {
    if (held.has(lock)) return;
    const queue = queues.get(lock) ?? [];
    const first = queue.shift();
    if (first !== undefined) first.grant();
  };

  const run = <T>(
    lock: string,
    tab: string,
    callback: (lock: Lock | null) => T | PromiseLike<T>,
    settle: { resolve: (value: T) => void; reject: (error: unknown) => void },
  ): void => {
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      if (held.get(lock)?.tab === tab) held.delete(lock);
      next(lock);
    };
    held.set(lock, { tab, release });
    Promise.resolve()
      .then(() => callback({ name: lock, mode: 'exclusive' }))
      .then(settle.resolve, settle.reject)
      .finally(release);
  };

  const tab = (name: string): Locks => ({
    request<T>(
      lock: string,
      optionsOrCallback: LockOptions | ((lock: Lock | null) => T | PromiseLike<T>),
      maybeCallback?: (lock: Lock | null) => T | PromiseLike<T>,
    ): Promise<T> {
      const options = typeof optionsOrCallback === 'function' ? {} : optionsOrCallback;
      const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback;
      if (callback === undefined) return Promise.reject(new TypeError('no callback'));
      return new Promise<T>((resolve, reject) => {
        if (closed.has(name)) return;
        if (options.signal?.aborted === true) {
          reject(abortReason(options.signal));
          return;
        }
        const free = !held.has(lock) && (queues.get(lock)?.length ?? 0) === 0;
        if (options.ifAvailable === true && !free) {
          Promise.resolve()
            .then(() => callback(null))
            .then(resolve, reject);
          return;
        }
        const waiting: Waiting = {
          tab: name,
          grant: () => {
            options.signal?.removeEventListener('abort', withdraw);
            run(lock, name, callback, { resolve, reject });
          },
        };
        const withdraw = (): void => {
          const queue = queues.get(lock) ?? [];
          const at = queue.indexOf(waiting);
          if (at < 0) return;
          queue.splice(at, 1);
          reject(abortReason(options.signal));
        };
        options.signal?.addEventListener('abort', withdraw);
        queues.set(lock, [...(queues.get(lock) ?? []), waiting]);
        next(lock);
      });
    },
  });

  return {
    tab,
    closeTab(name) {
      closed.add(name);
      for (const [lock, queue] of queues) {
        queues.set(
          lock,
          queue.filter((waiting) => waiting.tab !== name),
        );
      }
      for (const [, holding] of [...held].filter(([, h]) => h.tab === name)) holding.release();
    },
    holder: (lock) => held.get(lock)?.tab,
  };
}
