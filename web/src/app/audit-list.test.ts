import { describe, expect, it } from 'vitest';
import type { AuditEventBody, AuditResponse } from '@sheaf/shared/protocol/audit';
import { err, ok } from '@sheaf/shared/result';
import type { ApiError, ApiResult } from '../api/client.js';
import { createAuditList, describeAuditEvent, deviceNamesIn, type AuditContext } from './audit-list.js';

const event = (seq: number, kind: string, detail: AuditEventBody['detail'] = {}): AuditEventBody => ({
  seq,
  at: `2026-01-01T10:00:${String(seq % 60).padStart(2, '0')}.000Z`,
  kind,
  detail,
});

const OFFLINE: ApiError = { kind: 'network', status: 0, message: 'Can’t reach Sheaf right now.' };
const REFUSED: ApiError = { kind: 'internal', status: 500, message: 'Something went wrong on the server.' };

/** A relay holding events 1..count, answering each page as the real one does, newest first. */
function relay(count: number) {
  const asked: Array<number | undefined> = [];
  let failNext: ApiError | undefined;
  const page = (before: number | undefined): Promise<ApiResult<AuditResponse>> => {
    asked.push(before);
    if (failNext !== undefined) {
      const failure = failNext;
      failNext = undefined;
      return Promise.resolve(err(failure));
    }
    const below = Array.from({ length: count }, (_, i) => count - i).filter((seq) => seq < (before ?? Infinity));
    return Promise.resolve(
      ok({ events: below.slice(0, 2).map((seq) => event(seq, 'signed_in')), hasMore: below.length > 2 }),
    );
  };
  return {
    page,
    asked,
    fail(error: ApiError) {
      failNext = error;
    },
  };
}

const seqs = (list: ReturnType<typeof createAuditList>): number[] => {
  const state = list.state.get();
  return state.status === 'ready' ? state.events.map((e) => e.seq) : [];
};

describe('audit list', () => {
  it('shows the newest events first and pages back to the oldest', async () => {
    const r = relay(5);
    const list = createAuditList({ page: r.page });
    expect(list.state.get()).toEqual({ status: 'loading' });
    await list.load();
    expect(seqs(list)).toEqual([5, 4]);
    await list.showOlder();
    await list.showOlder();
    expect(seqs(list)).toEqual([5, 4, 3, 2, 1]);
    expect(list.state.get()).toMatchObject({ status: 'ready', hasMore: false, loadingOlder: false });
    expect(r.asked).toEqual([undefined, 4, 2]);
    // Nothing older: not asked again.
    await list.showOlder();
    expect(r.asked).toHaveLength(3);
  });

  it('says when the relay cannot be reached, and loads again when asked', async () => {
    const r = relay(1);
    r.fail(OFFLINE);
    const list = createAuditList({ page: r.page });
    await list.load();
    expect(list.state.get()).toEqual({ status: 'failed', offline: true, message: OFFLINE.message });
    const again = list.load();
    expect(list.state.get()).toEqual({ status: 'loading' });
    await again;
    expect(seqs(list)).toEqual([1]);
  });

  it('keeps what it shows when older events or a reload fail, with the reason', async () => {
    const r = relay(5);
    const list = createAuditList({ page: r.page });
    await list.load();
    r.fail(REFUSED);
    const older = list.showOlder();
    expect(list.state.get()).toMatchObject({ loadingOlder: true });
    await older;
    expect(list.state.get()).toEqual({
      status: 'ready',
      events: [event(5, 'signed_in'), event(4, 'signed_in')],
      hasMore: true,
      loadingOlder: false,
      olderError: `Older activity could not be loaded. ${REFUSED.message}`,
    });
    r.fail(OFFLINE);
    await list.load();
    expect(seqs(list)).toEqual([5, 4]);
  });

  it('shows an empty log as an empty list', async () => {
    const list = createAuditList({ page: () => Promise.resolve(ok({ events: [], hasMore: false })) });
    await list.load();
    expect(list.state.get()).toEqual({ status: 'ready', events: [], hasMore: false, loadingOlder: false });
  });

  it('shows only the answer to the newest request', async () => {
    const answers: Array<(reply: ApiResult<AuditResponse>) => void> = [];
    const list = createAuditList({ page: () => new Promise((answer) => answers.push(answer)) });
    const first = list.load();
    const second = list.load();
    answers[1]?.(ok({ events: [event(9, 'signed_out')], hasMore: false }));
    answers[0]?.(ok({ events: [event(3, 'signed_in')], hasMore: false }));
    await Promise.all([first, second]);
    expect(seqs(list)).toEqual([9]);
  });
});

describe('audit sentences', () => {
  const laptop = 'd_laptop';
  const phone = 'd_phone';
  const log = [
    event(1, 'signed_up', { deviceId: laptop, device: 'Laptop', ip: '127.0.0.1' }),
    event(2, 'signed_in', { deviceId: phone, device: 'Pixel 8', ip: '10.0.0.7' }),
  ];
  const context: AuditContext = {
    deviceNames: deviceNamesIn(log),
    thisDevice: laptop,
    nodeName: (id) => (id === 'n_report' ? 'Report.pdf' : undefined),
  };
  const say = (kind: string, detail: AuditEventBody['detail']) => describeAuditEvent(event(3, kind, detail), context);

  it('names devices by the names they signed in with, and this device as such', () => {
    expect(deviceNamesIn(log)).toEqual(
      new Map([
        [laptop, 'Laptop'],
        [phone, 'Pixel 8'],
      ]),
    );
    expect(say('signed_up', { deviceId: laptop, device: 'Laptop', ip: '127.0.0.1' })).toEqual({
      text: 'Account created on Laptop',
      icon: 'account',
      tone: 'neutral',
      from: '127.0.0.1',
    });
    expect(say('signed_in', { deviceId: phone, device: 'Pixel 8', ip: '::ffff:10.0.0.7' })).toMatchObject({
      text: 'Signed in on Pixel 8',
      from: '10.0.0.7',
    });
    expect(say('signed_in', { deviceId: laptop, device: 'Laptop' }).text).toBe('Signed in on this device');
    expect(say('signed_out', { deviceId: phone }).text).toBe('Pixel 8 signed out');
    expect(say('signed_out', { deviceId: 'd_unknown' }).text).toBe('A device signed out');
    expect(say('device_revoked', { deviceId: phone, by: laptop }).text).toBe('Pixel 8 was signed out from this device');
    expect(say('device_revoked', { deviceId: laptop, by: 'd_gone' }).text).toBe(
      'This device was signed out from another device',
    );
  });

  it('marks what may need attention', () => {
    expect(say('sign_in_failed', { ip: '::ffff:203.0.113.9' })).toEqual({
      text: 'Failed sign-in attempt from 203.0.113.9',
      icon: 'alert',
      tone: 'warning',
    });
    expect(say('sign_in_failed', {}).text).toBe('Failed sign-in attempt');
    expect(say('refresh_token_reused', { deviceId: phone, ip: '198.51.100.2' })).toMatchObject({
      text: 'Pixel 8 was signed out because its sign-in was used from two places',
      tone: 'warning',
    });
  });

  it('names trashed and purged items the drive still knows', () => {
    expect(say('trashed', { node: 'n_report', by: 'u_1', device: 'Laptop' }).text).toBe(
      '“Report.pdf” was moved to the trash on Laptop',
    );
    expect(say('purged', { node: 'n_gone', by: 'u_1', device: 'Pixel 8' }).text).toBe(
      'An item was deleted forever on Pixel 8',
    );
  });

  it('shows a kind it does not know rather than hiding it', () => {
    expect(say('share_changed', {}).text).toBe('Security event: share changed');
  });
});
