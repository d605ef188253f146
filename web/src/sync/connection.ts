// Whether the relay is reachable, for the sync indicator, and the socket's life around the
// browser's own online/offline events. Chromium keeps an open WebSocket through a network loss
// (and through DevTools' offline emulation), so the socket is dropped when the browser says it is
// offline and dialled again as soon as it says it is back, rather than on the adapter's next retry.
import type { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { createStore, type Store } from '../lib/store.js';

/** 'connecting' until the relay first answers; then whether it is reachable now. */
export type ConnectionState = 'connecting' | 'online' | 'offline';

/** The window members used here, so that tests can pass a fake. */
export type OnlineEvents = {
  readonly navigator: { readonly onLine: boolean };
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
};

/** The adapter says nothing when its first connection fails: after this long, count it as offline. */
const FIRST_CONTACT_MS = 5_000;
const OPEN = 1;

export type ConnectionWatch = {
  readonly state: Store<ConnectionState>;
  readonly stop: () => void;
};

export function watchConnection(network: WebSocketClientAdapter, events: OnlineEvents): ConnectionWatch {
  const state = createStore<ConnectionState>(events.navigator.onLine ? 'connecting' : 'offline');
  let dropped = false;

  const onCandidate = (): void => state.set('online');
  const onDisconnected = (): void => state.set('offline');
  network.on('peer-candidate', onCandidate);
  network.on('peer-disconnected', onDisconnected);
  const firstContact = setTimeout(() => {
    if (state.get() === 'connecting') state.set('offline');
  }, FIRST_CONTACT_MS);

  const goOffline = (): void => {
    state.set('offline');
    // disconnect() asserts that the repo connected the adapter and that a socket exists.
    if (network.peerId === undefined || network.socket === undefined) return;
    network.disconnect();
    dropped = true;
  };
  const goOnline = (): void => {
    const peerId = network.peerId;
    if (peerId === undefined) return;
    if (!dropped && network.socket?.readyState === OPEN) return;
    dropped = false;
    state.set('connecting');
    network.connect(peerId, network.peerMetadata ?? {});
  };
  events.addEventListener('offline', goOffline);
  events.addEventListener('online', goOnline);

  return {
    state,
    stop() {
      clearTimeout(firstContact);
      network.off('peer-candidate', onCandidate);
      network.off('peer-disconnected', onDisconnected);
      events.removeEventListener('offline', goOffline);
      events.removeEventListener('online', goOnline);
    },
  };
}
