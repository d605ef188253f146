import { describe, expect, it } from 'vitest';
import { err, ok } from '@sheaf/shared/result';
import { createStorageMeter, REFRESH_DELAY_MS } from './storage-meter.js';

function harness(answers: Array<{ usedBytes: number } | 'offline'>) {
  let calls = 0;
  const timers: Array<{ run: () => void; ms: number; cancelled: boolean }> = [];
  const changeListeners: Array<() => void> = [];
  const onlineListeners: Array<() => void> = [];
  const meter = createStorageMeter({
    fetchUsage: () => {
      const answer = answers[Math.min(calls, answers.length - 1)];
      calls += 1;
      return Promise.resolve(
        answer === 'offline' || answer === undefined
          ? err('offline')
          : ok({ usedBytes: answer.usedBytes, quotaBytes: 100 }),
      );
    },
    onDriveChange: (listener) => {
      changeListeners.push(listener);
      return () => changeListeners.splice(changeListeners.indexOf(listener), 1);
    },
    onOnline: (listener) => {
      onlineListeners.push(listener);
      return () => onlineListeners.splice(onlineListeners.indexOf(listener), 1);
    },
    setTimer: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
  });
  const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  return { meter, timers, changeListeners, onlineListeners, settle, calls: () => calls };
}

describe('storage meter', () => {
  it('asks once on open, once per burst of drive changes, and again when back online', async () => {
    const h = harness([{ usedBytes: 10 }, { usedBytes: 30 }, { usedBytes: 40 }]);
    await h.settle();
    expect(h.meter.usage.get()).toEqual({ usedBytes: 10, quotaBytes: 100 });
    for (const listener of [...h.changeListeners, ...h.changeListeners, ...h.changeListeners]) listener();
    expect(h.timers).toHaveLength(1);
    expect(h.timers[0]?.ms).toBe(REFRESH_DELAY_MS);
    h.timers[0]?.run();
    await h.settle();
    expect(h.meter.usage.get()?.usedBytes).toBe(30);
    for (const listener of h.onlineListeners) listener();
    await h.settle();
    expect(h.meter.usage.get()?.usedBytes).toBe(40);
    expect(h.calls()).toBe(3);
  });

  it('keeps the last figure while the relay cannot be reached, and stops listening when closed', async () => {
    const h = harness([{ usedBytes: 10 }, 'offline']);
    await h.settle();
    for (const listener of h.onlineListeners) listener();
    await h.settle();
    expect(h.meter.usage.get()?.usedBytes).toBe(10);
    h.changeListeners[0]?.();
    h.meter.close();
    expect(h.timers[0]?.cancelled).toBe(true);
    expect(h.changeListeners).toHaveLength(0);
    expect(h.onlineListeners).toHaveLength(0);
  });

  it("reads this device's storage from the browser's estimate when asked", async () => {
    let used = 5;
    const meter = createStorageMeter({
      fetchUsage: () => Promise.resolve(err('offline')),
      onDriveChange: () => () => undefined,
      onOnline: () => () => undefined,
      setTimer: () => () => undefined,
      estimate: () => Promise.resolve({ usage: used, quota: 1000 }),
    });
    expect(meter.device.get()).toBeUndefined();
    await meter.refreshDevice();
    expect(meter.device.get()).toEqual({ usedBytes: 5, quotaBytes: 1000 });
    used = 50;
    await meter.refreshDevice();
    expect(meter.device.get()).toEqual({ usedBytes: 50, quotaBytes: 1000 });
    meter.close();
  });
});
