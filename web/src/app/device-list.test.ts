import { describe, expect, it } from 'vitest';
import { DeviceId } from '@sheaf/shared/ids';
import type { DeviceEntry } from '@sheaf/shared/protocol/devices';
import { err, ok } from '@sheaf/shared/result';
import type { ApiError, ApiResult } from '../api/client.js';
import { createDeviceList } from './device-list.js';

const device = (n: number, lastSeenAt: string, current = false): DeviceEntry => ({
  deviceId: DeviceId.parse(`d_${String(n).repeat(32)}`),
  name: `Device ${n}`,
  platform: 'Web (Chromium, Linux)',
  signedInAt: '2026-01-01T00:00:00.000Z',
  lastSeenAt,
  current,
});

const THIS = device(1, '2026-01-01T10:00:00.000Z', true);
const OLD = device(2, '2026-01-01T08:00:00.000Z');
const RECENT = device(3, '2026-01-01T11:00:00.000Z');
const OFFLINE: ApiError = { kind: 'network', status: 0, message: 'Can’t reach Sheaf right now.' };
const REFUSED: ApiError = { kind: 'internal', status: 500, message: 'Something went wrong on the server.' };

function harness(answers: Array<ApiResult<readonly DeviceEntry[]>>) {
  let lists = 0;
  const revokes: Array<{ id: DeviceId; answer: (reply: ApiResult<void>) => void }> = [];
  const list = createDeviceList({
    list: () => {
      const answer = answers[Math.min(lists++, answers.length - 1)] ?? err(OFFLINE);
      return Promise.resolve(answer.ok ? ok({ devices: [...answer.value] }) : answer);
    },
    revoke: (id) => new Promise((answer) => revokes.push({ id, answer })),
  });
  return { list, revokes };
}

describe('device list', () => {
  it('shows this device first, then the others by when they were last seen', async () => {
    const { list } = harness([ok([OLD, THIS, RECENT])]);
    expect(list.state.get()).toEqual({ status: 'loading' });
    await list.load();
    expect(list.state.get()).toEqual({ status: 'ready', devices: [THIS, RECENT, OLD] });
  });

  it('says when the relay cannot be reached, and loads again when asked', async () => {
    const { list } = harness([err(OFFLINE), ok([THIS])]);
    await list.load();
    expect(list.state.get()).toEqual({ status: 'failed', offline: true, message: OFFLINE.message });
    const again = list.load();
    expect(list.state.get()).toEqual({ status: 'loading' });
    await again;
    expect(list.state.get()).toEqual({ status: 'ready', devices: [THIS] });
  });

  it('takes a device off at once when signing it out, even if a reload answers first', async () => {
    const { list, revokes } = harness([ok([THIS, OLD])]);
    await list.load();
    const signingOut = list.signOut(OLD);
    expect(list.state.get()).toEqual({ status: 'ready', devices: [THIS] });
    await list.load();
    expect(list.state.get()).toEqual({ status: 'ready', devices: [THIS] });
    revokes[0]?.answer(ok(undefined));
    await signingOut;
    expect(list.state.get()).toEqual({ status: 'ready', devices: [THIS] });
  });

  it('puts a device back with the reason when the relay refuses to sign it out', async () => {
    const { list, revokes } = harness([ok([THIS, OLD])]);
    await list.load();
    const signingOut = list.signOut(OLD);
    revokes[0]?.answer(err(REFUSED));
    await signingOut;
    expect(list.state.get()).toEqual({
      status: 'ready',
      devices: [THIS, OLD],
      error: '“Device 2” was not signed out. Something went wrong on the server.',
    });
    list.dismissError();
    expect(list.state.get()).toEqual({ status: 'ready', devices: [THIS, OLD] });
  });

  it('counts a device already signed out elsewhere as signed out', async () => {
    const { list, revokes } = harness([ok([THIS, OLD])]);
    await list.load();
    const signingOut = list.signOut(OLD);
    revokes[0]?.answer(err({ kind: 'not_found', status: 404, message: 'No such device.' }));
    await signingOut;
    expect(list.state.get()).toEqual({ status: 'ready', devices: [THIS] });
  });

  it('never signs this device out from the list', async () => {
    const { list, revokes } = harness([ok([THIS, OLD])]);
    await list.load();
    await list.signOut(THIS);
    expect(revokes).toEqual([]);
  });
});
