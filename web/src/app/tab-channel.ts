// What the tabs of Sheaf open in one browser profile tell each other, apart from the drive itself
// (automerge-repo's own channel carries that): typed BroadcastChannels whose messages are parsed on
// the way in, since another version of the app may be open in a tab beside this one; and each
// tab's presence, a Web Lock held for the tab's life, so that the others learn when it has gone
// even if it crashed without a word.
import type { z } from 'zod';

/** One kind of message between tabs; a tab never hears its own. */
export type TabChannel<M> = {
  readonly post: (message: M) => void;
  /** Calls `listener` with each message from another tab that parses; answers an unsubscribe. */
  readonly listen: (listener: (message: M) => void) => () => void;
  readonly close: () => void;
};

/** The BroadcastChannel members used here, so that tests can bring their own. */
export type ChannelPort = Pick<BroadcastChannel, 'postMessage' | 'close' | 'addEventListener' | 'removeEventListener'>;

export function openTabChannel<M>(
  name: string,
  schema: z.ZodType<M>,
  open: (name: string) => ChannelPort = (channelName) => new BroadcastChannel(channelName),
): TabChannel<M> {
  const port = open(name);
  const listeners = new Set<(message: M) => void>();
  const onMessage = (event: MessageEvent<unknown>): void => {
    const parsed = schema.safeParse(event.data);
    if (!parsed.success) {
      console.debug(`Sheaf: a message on ${name} from another tab was not understood`, parsed.error.issues);
      return;
    }
    for (const listener of [...listeners]) listener(parsed.data);
  };
  port.addEventListener('message', onMessage);
  let closed = false;
  return {
    post: (message) => {
      if (!closed) port.postMessage(message);
    },
    listen: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => {
      if (closed) return;
      closed = true;
      listeners.clear();
      port.removeEventListener('message', onMessage);
      port.close();
    },
  };
}

/** The `navigator.locks` members used here; absent in insecure contexts and old browsers. */
export type Locks = Pick<LockManager, 'request'>;

export type TabPresence = {
  /** This tab's id, random per page load. */
  readonly id: string;
  /** Calls `gone` once the tab `id` has closed (or reloaded, or crashed). */
  readonly whenGone: (id: string, gone: () => void) => void;
  /** Lets go of this tab's presence and stops watching others (the page is going). */
  readonly close: () => void;
};

const presenceLock = (id: string): string => `sheaf-tab-${id}`;

/**
 * Holds `sheaf-tab-<id>` until closed. Another tab asking for the same lock is granted it only when
 * this one lets go, which the browser does for a closed or crashed tab: that grant is the news.
 */
export function createTabPresence(locks: Locks, id: string): TabPresence {
  const leaving = new AbortController();
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const quietly = (error: unknown): void => {
    if (!leaving.signal.aborted) console.warn('Sheaf: a tab lock failed', error);
  };
  locks.request(presenceLock(id), () => held).catch(quietly);
  const watched = new Set<string>();
  return {
    id,
    whenGone: (other, gone) => {
      if (other === id || watched.has(other) || leaving.signal.aborted) return;
      watched.add(other);
      locks
        .request(presenceLock(other), { signal: leaving.signal }, () => {
          watched.delete(other);
          gone();
        })
        .catch(quietly);
    },
    close: () => {
      leaving.abort();
      release();
    },
  };
}
