// The account's security activity as the settings show it: the relay's audit log, newest first,
// a page at a time. Asked for when the settings open and again when the connection comes back;
// "Show older" pages backwards from the oldest event shown. Each event becomes one sentence in the
// user's words, naming devices by the names the log itself recorded at sign-in.
import type { AuditEventBody, AuditResponse } from '@sheaf/shared/protocol/audit';
import type { ApiResult } from '../api/client.js';
import { createStore, type Store } from '../lib/store.js';

/** Small enough to answer at once, enough to fill the section. */
export const AUDIT_PAGE_SIZE = 10;

export type AuditListState =
  | { readonly status: 'loading' }
  /** `offline`: the relay could not be reached, rather than refusing. */
  | { readonly status: 'failed'; readonly offline: boolean; readonly message: string }
  | {
      readonly status: 'ready';
      /** Newest first. */
      readonly events: readonly AuditEventBody[];
      /** Whether older events are left to show. */
      readonly hasMore: boolean;
      readonly loadingOlder: boolean;
      /** Why the last "Show older" failed. */
      readonly olderError?: string;
    };

export type AuditListDeps = {
  /** A page newest first: older than `before`, or the newest when it is undefined. */
  readonly page: (before: number | undefined) => Promise<ApiResult<AuditResponse>>;
};

export type AuditList = {
  readonly state: Store<AuditListState>;
  /** Asks for the newest page again; what is shown stays while it does, and if the relay cannot answer. */
  load(): Promise<void>;
  /** Adds the page before the oldest event shown. */
  showOlder(): Promise<void>;
};

export function createAuditList(deps: AuditListDeps): AuditList {
  const state = createStore<AuditListState>({ status: 'loading' });
  /** Only the newest request's answer is shown: a reload outdates a page of older events too. */
  let requests = 0;

  return {
    state,
    async load() {
      const mine = ++requests;
      if (state.get().status === 'failed') state.set({ status: 'loading' });
      const reply = await deps.page(undefined);
      if (mine !== requests) return;
      const now = state.get();
      if (reply.ok) {
        state.set({ status: 'ready', events: reply.value.events, hasMore: reply.value.hasMore, loadingOlder: false });
      } else if (now.status !== 'ready') {
        state.set({ status: 'failed', offline: reply.error.kind === 'network', message: reply.error.message });
      } else if (now.loadingOlder) {
        // The list shown stays; the "Show older" this load outdated is not running any more.
        state.set({ ...now, loadingOlder: false });
      }
    },
    async showOlder() {
      const was = state.get();
      if (was.status !== 'ready' || !was.hasMore || was.loadingOlder) return;
      const oldest = was.events.at(-1)?.seq;
      const mine = ++requests;
      state.set({ status: 'ready', events: was.events, hasMore: was.hasMore, loadingOlder: true });
      const reply = await deps.page(oldest);
      if (mine !== requests) return;
      const now = state.get();
      if (now.status !== 'ready') return;
      if (!reply.ok) {
        state.set({
          ...now,
          loadingOlder: false,
          olderError: `Older activity could not be loaded. ${reply.error.message}`,
        });
        return;
      }
      const seen = new Set(now.events.map((e) => e.seq));
      state.set({
        status: 'ready',
        events: [...now.events, ...reply.value.events.filter((e) => !seen.has(e.seq))],
        hasMore: reply.value.hasMore,
        loadingOlder: false,
      });
    },
  };
}

/** How an event is shown: `warning` for what may need the user's attention. */
export type AuditTone = 'neutral' | 'warning';
export type AuditIconKind = 'account' | 'sign-in' | 'sign-out' | 'alert' | 'trash';

export type AuditLine = {
  readonly text: string;
  readonly icon: AuditIconKind;
  readonly tone: AuditTone;
  /** Where it came from, when the log knows: an IP address. */
  readonly from?: string;
};

export type AuditContext = {
  /** Devices by id, as the log named them when they signed in. */
  readonly deviceNames: ReadonlyMap<string, string>;
  /** This device's id, so that it is called "this device". */
  readonly thisDevice: string | undefined;
  /** The name of a file or folder the drive still knows. */
  readonly nodeName: (nodeId: string) => string | undefined;
};

const text = (detail: AuditEventBody['detail'], key: string): string | undefined => {
  const value = detail[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
};

/** Each device's name from the sign-ins among `events`, for the events that only give its id. */
export function deviceNamesIn(events: Iterable<AuditEventBody>): Map<string, string> {
  const names = new Map<string, string>();
  for (const event of events) {
    const id = text(event.detail, 'deviceId');
    const name = text(event.detail, 'device');
    if ((event.kind === 'signed_in' || event.kind === 'signed_up') && id !== undefined && name !== undefined) {
      names.set(id, name);
    }
  }
  return names;
}

/** One event as a sentence. */
export function describeAuditEvent(event: AuditEventBody, context: AuditContext): AuditLine {
  const { detail } = event;
  // Node reports IPv4 callers as IPv4-mapped IPv6 ('::ffff:10.0.0.1'): shown as people know them.
  const from = text(detail, 'ip')?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const withFrom = (line: Omit<AuditLine, 'from'>): AuditLine => (from === undefined ? line : { ...line, from });
  const deviceId = text(detail, 'deviceId');
  const deviceName = (id: string | undefined, fallback: string): string => {
    if (id !== undefined && id === context.thisDevice) return 'this device';
    return (id === undefined ? undefined : context.deviceNames.get(id)) ?? fallback;
  };
  const quoted = (name: string): string => `“${name}”`;
  const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  const named = text(detail, 'device');
  const onDevice = named === undefined ? '' : ` on ${named}`;
  const node = text(detail, 'node');
  const nodeName = node === undefined ? undefined : context.nodeName(node);

  switch (event.kind) {
    case 'signed_up':
      return withFrom({ text: `Account created${onDevice}`, icon: 'account', tone: 'neutral' });
    case 'signed_in':
      return withFrom({
        text: `Signed in on ${deviceName(deviceId, named ?? 'a new device')}`,
        icon: 'sign-in',
        tone: 'neutral',
      });
    case 'sign_in_failed':
      // The address is the point of this one: in the sentence, not beside it.
      return {
        text: from === undefined ? 'Failed sign-in attempt' : `Failed sign-in attempt from ${from}`,
        icon: 'alert',
        tone: 'warning',
      };
    case 'signed_out':
      return { text: `${capital(deviceName(deviceId, 'A device'))} signed out`, icon: 'sign-out', tone: 'neutral' };
    case 'device_revoked': {
      const by = text(detail, 'by');
      const who = capital(deviceName(deviceId, 'A device'));
      return {
        text: `${who} was signed out from ${deviceName(by, 'another device')}`,
        icon: 'sign-out',
        tone: 'neutral',
      };
    }
    case 'refresh_token_reused':
      return withFrom({
        text: `${capital(deviceName(deviceId, 'A device'))} was signed out because its sign-in was used from two places`,
        icon: 'alert',
        tone: 'warning',
      });
    case 'trashed':
      return {
        text: `${nodeName === undefined ? 'An item was' : `${quoted(nodeName)} was`} moved to the trash${onDevice}`,
        icon: 'trash',
        tone: 'neutral',
      };
    case 'purged':
      return {
        text: `${nodeName === undefined ? 'An item was' : `${quoted(nodeName)} was`} deleted forever${onDevice}`,
        icon: 'trash',
        tone: 'neutral',
      };
    default:
      // A newer relay records kinds this app does not know yet: shown, not hidden.
      return { text: `Security event: ${event.kind.replaceAll('_', ' ')}`, icon: 'alert', tone: 'neutral' };
  }
}
