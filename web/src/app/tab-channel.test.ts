// Tab channels over Node's own BroadcastChannel (the browser's, minus the origin), and tab
// presence over the fake Web Locks of fake-locks.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createFakeLocks } from './fake-locks.js';
import { createTabPresence, openTabChannel, type TabChannel } from './tab-channel.js';

const Ping = z.object({ type: z.literal('ping'), n: z.number() });
type Ping = z.infer<typeof Ping>;

const opened: Array<TabChannel<Ping>> = [];
const open = (name: string): TabChannel<Ping> => {
  const channel = openTabChannel(name, Ping);
  opened.push(channel);
  return channel;
};
afterEach(() => {
  for (const channel of opened.splice(0)) channel.close();
});

describe('openTabChannel', () => {
  it('carries parsed messages to the other tabs, not back to the sender', async () => {
    const name = `test-${Math.random()}`;
    const [a, b] = [open(name), open(name)];
    const heardByA: Ping[] = [];
    const heardByB: Ping[] = [];
    a.listen((message) => heardByA.push(message));
    b.listen((message) => heardByB.push(message));
    a.post({ type: 'ping', n: 1 });
    await vi.waitFor(() => expect(heardByB).toEqual([{ type: 'ping', n: 1 }]));
    b.post({ type: 'ping', n: 2 });
    await vi.waitFor(() => expect(heardByA).toEqual([{ type: 'ping', n: 2 }]));
    expect(heardByB).toEqual([{ type: 'ping', n: 1 }]);
  });

  it('drops what does not parse, as from another version of the app', async () => {
    const name = `test-${Math.random()}`;
    const b = open(name);
    const heard: Ping[] = [];
    b.listen((message) => heard.push(message));
    const other = new BroadcastChannel(name);
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    other.postMessage({ type: 'ping', n: 'one' });
    other.postMessage({ type: 'ping', n: 3 });
    await vi.waitFor(() => expect(heard).toEqual([{ type: 'ping', n: 3 }]));
    expect(debug).toHaveBeenCalledTimes(1);
    debug.mockRestore();
    other.close();
  });

  it('hears nothing once closed or unsubscribed', async () => {
    const name = `test-${Math.random()}`;
    const [a, b, c] = [open(name), open(name), open(name)];
    const heardByB: Ping[] = [];
    const heardByC: Ping[] = [];
    const stop = b.listen((message) => heardByB.push(message));
    c.listen((message) => heardByC.push(message));
    stop();
    a.post({ type: 'ping', n: 1 });
    await vi.waitFor(() => expect(heardByC).toHaveLength(1));
    c.close();
    a.post({ type: 'ping', n: 2 });
    // A third listener hears the second message: by then b and c would have too.
    const d = open(name);
    const heardByD: Ping[] = [];
    d.listen((message) => heardByD.push(message));
    a.post({ type: 'ping', n: 3 });
    await vi.waitFor(() => expect(heardByD).toHaveLength(1));
    expect(heardByB).toEqual([]);
    expect(heardByC).toEqual([{ type: 'ping', n: 1 }]);
  });
});

describe('createTabPresence', () => {
  it('tells a tab when another has closed, once', async () => {
    const locks = createFakeLocks();
    const a = createTabPresence(locks.tab('A'), 'a');
    const b = createTabPresence(locks.tab('B'), 'b');
    const gone = vi.fn();
    b.whenGone('a', gone);
    b.whenGone('a', gone);
    await Promise.resolve();
    expect(gone).not.toHaveBeenCalled();
    locks.closeTab('A');
    await vi.waitFor(() => expect(gone).toHaveBeenCalledTimes(1));
    a.close();
    b.close();
  });

  it('counts a presence closed on purpose as gone, and stops watching once closed itself', async () => {
    const locks = createFakeLocks();
    const a = createTabPresence(locks.tab('A'), 'a');
    const b = createTabPresence(locks.tab('B'), 'b');
    const c = createTabPresence(locks.tab('C'), 'c');
    const seenByB = vi.fn();
    const seenByC = vi.fn();
    b.whenGone('a', seenByB);
    c.whenGone('a', seenByC);
    c.close();
    a.close();
    await vi.waitFor(() => expect(seenByB).toHaveBeenCalledTimes(1));
    expect(seenByC).not.toHaveBeenCalled();
    b.close();
  });
});
