// automerge-repo's WebSocket client adapter, dialled with the session's token of the moment. The
// adapter connects (first, on every retry, after every drop) to its `url`, which holds the token,
// and the relay checks the token only when a socket opens: so the url is made afresh before each
// connect, and a renewed token is the one the next connection carries. A close with 4401 is the
// relay signing this device out (from another device); it is reported once and the socket stays
// closed. The adapter's disconnect() does not cancel a reconnection it has already scheduled, so
// close() makes any later connect a no-op: a signed-out tab does not keep dialling the relay.
import type { PeerId, PeerMetadata } from '@automerge/automerge-repo';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';

/** The close code with which the relay ends the sockets of a device that was signed out. */
export const CLOSE_SIGNED_OUT = 4401;

export class SyncSocket extends WebSocketClientAdapter {
  /** Rewritten before every connect; automerge-repo reads it there and nowhere else. */
  declare url: string;
  readonly #urlNow: () => string;
  readonly #onSignedOut: () => void;
  #closed = false;

  /**
   * @param urlNow the /sync address with the current token, asked before each connect
   * @param onSignedOut called once when the relay closes the socket with 4401
   */
  constructor(urlNow: () => string, onSignedOut: () => void, retryIntervalMs?: number) {
    super(urlNow(), retryIntervalMs);
    this.#urlNow = urlNow;
    this.#onSignedOut = onSignedOut;
  }

  override connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    if (this.#closed) return;
    this.url = this.#urlNow();
    super.connect(peerId, peerMetadata);
    this.socket?.addEventListener('close', this.#onClose);
  }

  /** Stops for good, before the repo shuts down: no reconnection happens after this. */
  close(): void {
    this.#closed = true;
  }

  readonly #onClose = (event: { readonly code: number }): void => {
    if (event.code !== CLOSE_SIGNED_OUT || this.#closed) return;
    this.#closed = true;
    this.#onSignedOut();
  };
}
