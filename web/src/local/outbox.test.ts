// Claims shared between tabs: each tab's claims over Node's own BroadcastChannel, tabs present and
// gone through the fake Web Locks, as services.ts wires them in the browser.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChunkHash } from '@sheaf/shared/ids';
import { createFakeLocks, type FakeLocks } from '../app/fake-locks.js';
import { createTabPresence, openTabChannel, type TabPresence } from '../app/tab-channel.js';
import { ClaimMessage, createClaims, type Claims } from './outbox.js';

const hash = (n: number): ChunkHash => ChunkHash.parse(n.toString(16).padStart(64, '0'));

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

type Tab = { readonly claims: Claims; readonly presence: TabPresence };

function openTab(locks: FakeLocks, name: string, channel: string): Tab {
  const presence = createTabPresence(locks.tab(name), name);
  const messages = openTabChannel(channel, ClaimMessage);
  const claims = createClaims({ tab: presence.id, ...messages, whenGone: presence.whenGone });
  closers.push(() => {
    claims.close();
    messages.close();
    presence.close();
  });
  return { claims, presence };
}

const browser = (): { locks: FakeLocks; channel: string } => ({
  locks: createFakeLocks(),
  channel: `claims-${Math.random()}`,
});

describe('createClaims', () => {
  it('counts a claim until it is released, however often a hash repeats', () => {
    const claims = createClaims();
    const first = claims.claim([hash(1), hash(1), hash(2)]);
    const second = claims.claim([hash(2)]);
    expect([claims.has(hash(1)), claims.has(hash(2)), claims.has(hash(3))]).toEqual([true, true, false]);
    first();
    first();
    expect([claims.has(hash(1)), claims.has(hash(2))]).toEqual([false, true]);
    second();
    expect(claims.size()).toBe(0);
  });

  it('tells the other tabs what an upload is sending, and when it is done', async () => {
    const { locks, channel } = browser();
    const a = openTab(locks, 'A', channel);
    const b = openTab(locks, 'B', channel);
    const release = a.claims.claim([hash(1), hash(2)]);
    await vi.waitFor(() => expect(b.claims.has(hash(2))).toBe(true));
    expect(b.claims.has(hash(1))).toBe(true);
    release();
    await vi.waitFor(() => expect(b.claims.size()).toBe(0));
  });

  it('tells a tab that opens later what is already claimed, counted once however many answer', async () => {
    const { locks, channel } = browser();
    const a = openTab(locks, 'A', channel);
    const b = openTab(locks, 'B', channel);
    const release = a.claims.claim([hash(1)]);
    await vi.waitFor(() => expect(b.claims.has(hash(1))).toBe(true));
    const c = openTab(locks, 'C', channel);
    await vi.waitFor(() => expect(c.claims.has(hash(1))).toBe(true));
    // D's arrival has A tell its claim again, C hearing it too: C must not count it twice.
    const d = openTab(locks, 'D', channel);
    await vi.waitFor(() => expect(d.claims.has(hash(1))).toBe(true));
    release();
    await vi.waitFor(() => expect(d.claims.size()).toBe(0));
    expect(c.claims.size()).toBe(0);
  });

  it('frees the claims of a tab that closed mid-upload, and says so', async () => {
    const { locks, channel } = browser();
    const a = openTab(locks, 'A', channel);
    const b = openTab(locks, 'B', channel);
    const freed = vi.fn();
    b.claims.onFreed(freed);
    a.claims.claim([hash(1)]);
    await vi.waitFor(() => expect(b.claims.has(hash(1))).toBe(true));
    locks.closeTab('A');
    await vi.waitFor(() => expect(b.claims.has(hash(1))).toBe(false));
    expect(freed).toHaveBeenCalledTimes(1);
  });

  it('says nothing when a tab that closed had finished its uploads', async () => {
    const { locks, channel } = browser();
    const a = openTab(locks, 'A', channel);
    const b = openTab(locks, 'B', channel);
    const freed = vi.fn();
    b.claims.onFreed(freed);
    const release = a.claims.claim([hash(1)]);
    await vi.waitFor(() => expect(b.claims.has(hash(1))).toBe(true));
    release();
    await vi.waitFor(() => expect(b.claims.size()).toBe(0));
    // B watches A from its first claim on: once A goes, B's watch is granted A's lock and ends.
    expect(locks.holder('sheaf-tab-A')).toBe('A');
    locks.closeTab('A');
    await vi.waitFor(() => expect(locks.holder('sheaf-tab-A')).toBeUndefined());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(freed).not.toHaveBeenCalled();
  });
});
