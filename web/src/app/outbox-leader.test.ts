// Electing the tab that sends the outbox: tabs over fake Web Locks (fake-locks.ts) and Node's own
// BroadcastChannel, each with a stand-in chunk sender that records what it is asked to do.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from '../lib/store.js';
import type { ChunkSender } from '../transfer/chunk-sender.js';
import { createFakeLocks, type FakeLocks } from './fake-locks.js';
import { createOutboxLeader, LeaderMessage, OUTBOX_LEADER_LOCK, type OutboxLeader } from './outbox-leader.js';
import { openTabChannel, type Locks } from './tab-channel.js';

type FakeSender = ChunkSender & {
  flushes: number;
  recounts: number;
  closed: boolean;
  /** The sender counted what is owed. */
  counts: (owed: number) => void;
};

/** Like the real one, its own `owed` says 0 until it counts; the leader must not show that. */
const fakeSender = (counted: (owed: number) => void): FakeSender => {
  const sender: FakeSender = {
    owed: createStore(0),
    counts: (owed) => {
      counted(owed);
      sender.owed.set(owed);
    },
    flushes: 0,
    recounts: 0,
    closed: false,
    flush: () => void sender.flushes++,
    recount: () => void sender.recounts++,
    close: () => void (sender.closed = true),
  };
  return sender;
};

type Tab = { readonly leader: OutboxLeader; readonly senders: FakeSender[] };

const open: OutboxLeader[] = [];
afterEach(() => {
  for (const leader of open.splice(0)) leader.close();
});

/** A tab of one browser: `channel` names its browser's BroadcastChannel; `counted`, what it counts as owed. */
function openTab(locks: Locks | undefined, channel: string, counted = 0): Tab {
  const senders: FakeSender[] = [];
  const leader = createOutboxLeader({
    locks,
    channel: openTabChannel(channel, LeaderMessage),
    startSender: (reported) => {
      const sender = fakeSender(reported);
      senders.push(sender);
      return sender;
    },
    countOwed: () => Promise.resolve(counted),
  });
  open.push(leader);
  return { leader, senders };
}

const browser = (): { locks: FakeLocks; channel: string } => ({
  locks: createFakeLocks(),
  channel: `outbox-${Math.random()}`,
});

describe('createOutboxLeader', () => {
  it('runs one sender for the browser: in the first tab to open', async () => {
    const { locks, channel } = browser();
    const a = openTab(locks.tab('A'), channel);
    const b = openTab(locks.tab('B'), channel);
    await vi.waitFor(() => expect(a.leader.leading.get()).toBe(true));
    expect(a.senders).toHaveLength(1);
    expect(b.senders).toHaveLength(0);
    expect(b.leader.leading.get()).toBe(false);
    expect(locks.holder(OUTBOX_LEADER_LOCK)).toBe('A');
  });

  it('has the leader send when another tab stored chunks', async () => {
    const { locks, channel } = browser();
    const a = openTab(locks.tab('A'), channel);
    const b = openTab(locks.tab('B'), channel);
    await vi.waitFor(() => expect(a.senders).toHaveLength(1));
    b.leader.flush();
    await vi.waitFor(() => expect(a.senders[0]?.flushes).toBe(1));
    a.leader.flush();
    expect(a.senders[0]?.flushes).toBe(2);
  });

  it('shows every tab the count of the leader, and counts for itself until it hears one', async () => {
    const { locks, channel } = browser();
    const a = openTab(locks.tab('A'), channel);
    await vi.waitFor(() => expect(a.senders).toHaveLength(1));
    const b = openTab(locks.tab('B'), channel, 7);
    await vi.waitFor(() => expect(b.leader.owed.get()).toBe(7));
    a.senders[0]?.counts(3);
    expect(a.leader.owed.get()).toBe(3);
    await vi.waitFor(() => expect(b.leader.owed.get()).toBe(3));
    // Told even when it is the same again (a store would not say).
    b.leader.recount();
    a.senders[0]?.counts(3);
    await vi.waitFor(() => expect(b.leader.owed.get()).toBe(3));
  });

  it('hands the sending on when the leading tab closes, and the new leader starts on what is owed', async () => {
    const { locks, channel } = browser();
    const a = openTab(locks.tab('A'), channel);
    const b = openTab(locks.tab('B'), channel, 5);
    const c = openTab(locks.tab('C'), channel, 5);
    await vi.waitFor(() => expect(a.senders).toHaveLength(1));
    a.senders[0]?.counts(5);
    await vi.waitFor(() => expect(c.leader.owed.get()).toBe(5));
    // The browser lets go of a closed tab's locks; nothing in the tab runs.
    locks.closeTab('A');
    await vi.waitFor(() => expect(b.leader.leading.get()).toBe(true));
    expect(b.senders).toHaveLength(1);
    expect(c.senders).toHaveLength(0);
    // Still owed until B's sender has counted: not the 0 its sender starts with.
    expect(b.leader.owed.get()).toBe(5);
    c.leader.flush();
    await vi.waitFor(() => expect(b.senders[0]?.flushes).toBe(1));
    b.senders[0]?.counts(0);
    expect(b.leader.owed.get()).toBe(0);
    await vi.waitFor(() => expect(c.leader.owed.get()).toBe(0));
  });

  it('lets go on close (sign-out): its sender stops and the next tab leads', async () => {
    const { locks, channel } = browser();
    const a = openTab(locks.tab('A'), channel);
    const b = openTab(locks.tab('B'), channel);
    await vi.waitFor(() => expect(a.senders).toHaveLength(1));
    a.leader.close();
    expect(a.senders[0]?.closed).toBe(true);
    expect(a.leader.leading.get()).toBe(false);
    await vi.waitFor(() => expect(b.senders).toHaveLength(1));
    expect(locks.holder(OUTBOX_LEADER_LOCK)).toBe('B');
  });

  it('never starts a sender when closed while it waits', async () => {
    const { locks, channel } = browser();
    const a = openTab(locks.tab('A'), channel);
    const b = openTab(locks.tab('B'), channel);
    await vi.waitFor(() => expect(a.senders).toHaveLength(1));
    b.leader.close();
    locks.closeTab('A');
    const c = openTab(locks.tab('C'), channel);
    await vi.waitFor(() => expect(c.senders).toHaveLength(1));
    expect(b.senders).toHaveLength(0);
  });

  it('sends for itself where there are no Web Locks', () => {
    const a = openTab(undefined, `outbox-${Math.random()}`);
    expect(a.leader.leading.get()).toBe(true);
    expect(a.senders).toHaveLength(1);
    a.senders[0]?.counts(2);
    expect(a.leader.owed.get()).toBe(2);
    a.leader.recount();
    expect(a.senders[0]?.recounts).toBe(1);
  });
});
