// One tab of this browser sends the chunks the device owes the relay: the one holding the Web Lock
// `sheaf-outbox-leader`, which runs the chunk sender. Every tab still stores what its own uploads
// owe in the one outbox (Dexie), and a tab that does not lead asks the leader over a
// BroadcastChannel to send now; the leader tells the others how much is owed. When the leader's
// tab closes the browser grants the lock to a waiting tab, whose sender starts by sending whatever
// is owed: the outbox is on disk, so nothing but the lock is handed over. Without Web Locks (an
// insecure context, an old browser) every tab sends for itself, as before there were leaders.
import { z } from 'zod';
import { createStore, type Store } from '../lib/store.js';
import type { ChunkSender } from '../transfer/chunk-sender.js';
import type { Locks, TabChannel } from './tab-channel.js';

export const OUTBOX_LEADER_LOCK = 'sheaf-outbox-leader';
export const OUTBOX_CHANNEL = 'sheaf-outbox';

export const LeaderMessage = z.discriminatedUnion('type', [
  /** From a tab that does not lead: it stored owed chunks, or saw the network come back. */
  z.object({ type: z.literal('flush') }),
  /** From the leader: the chunks still owed, for every tab's indicator. */
  z.object({ type: z.literal('owed'), count: z.number().int().nonnegative() }),
]);
export type LeaderMessage = z.infer<typeof LeaderMessage>;

export type OutboxLeaderDeps = {
  /** `navigator.locks`, or undefined where there is none: this tab then sends for itself. */
  readonly locks: Locks | undefined;
  /** Closed with the leader. */
  readonly channel: TabChannel<LeaderMessage>;
  /**
   * Starts this tab's chunk sender, once it leads; it sends what is owed at once. `counted` is to
   * hear every count of the owed chunks the sender makes (`reportingCounts`).
   */
  readonly startSender: (counted: (owed: number) => void) => ChunkSender;
  /** Counts the owed chunks, for the indicator while this tab does not lead. */
  readonly countOwed: () => Promise<number>;
};

/** `outbox` telling `counted` each count it answers, for the sender of a leader. */
export const reportingCounts = <O extends { count(): Promise<number> }>(
  outbox: O,
  counted: (owed: number) => void,
): O => ({
  ...outbox,
  count: async () => {
    const count = await outbox.count();
    counted(count);
    return count;
  },
});

/** A ChunkSender to the rest of the app, whichever tab does the sending. */
export type OutboxLeader = ChunkSender & {
  /** Whether this tab runs the sender now. */
  readonly leading: Store<boolean>;
};

export function createOutboxLeader(deps: OutboxLeaderDeps): OutboxLeader {
  const { channel } = deps;
  const owed = createStore(0);
  const leading = createStore(false);
  const closing = new AbortController();
  let sender: ChunkSender | undefined;
  let stepDown = (): void => undefined;

  const lead = (): void => {
    // Each count the sender makes, told as it is made. Its `owed` store would not do: it says 0
    // until its first run has counted (this tab would read "synced" while it still sends what the
    // last leader left), and a store tells no change when 0 follows 0.
    const mine = deps.startSender((count) => {
      if (sender !== mine) return;
      owed.set(count);
      channel.post({ type: 'owed', count });
    });
    sender = mine;
    leading.set(true);
  };

  const recount = (): void => {
    if (sender !== undefined) {
      sender.recount();
      return;
    }
    deps.countOwed().then(
      (count) => {
        // The leader's own count wins once this tab leads: it is the one that changes.
        if (!closing.signal.aborted && sender === undefined) owed.set(count);
      },
      (error: unknown) => console.warn('Sheaf: could not count saved chunks', error),
    );
  };

  const unlisten = channel.listen((message) => {
    if (message.type === 'flush') sender?.flush();
    else if (sender === undefined) owed.set(message.count);
  });

  if (deps.locks === undefined) lead();
  else {
    recount();
    const held = new Promise<void>((resolve) => (stepDown = resolve));
    deps.locks
      .request(OUTBOX_LEADER_LOCK, { signal: closing.signal }, async () => {
        if (closing.signal.aborted) return;
        lead();
        // Held for this workspace's life: the browser lets go of it when the tab goes.
        await held;
      })
      .catch((error: unknown) => {
        if (!closing.signal.aborted) console.warn('Sheaf: could not wait to send saved chunks', error);
      });
  }

  return {
    owed,
    leading,
    flush() {
      if (sender !== undefined) sender.flush();
      else channel.post({ type: 'flush' });
    },
    recount,
    close() {
      if (closing.signal.aborted) return;
      closing.abort(new DOMException('Closed', 'AbortError'));
      unlisten();
      sender?.close();
      sender = undefined;
      leading.set(false);
      stepDown();
      channel.close();
    },
  };
}
