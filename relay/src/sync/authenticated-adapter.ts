// automerge-repo's WebSocket server adapter trusts whatever peer id a socket claims, and a second
// socket claiming a connected peer's id disconnects the first. Here every socket belongs to the
// user whose token opened it: a peer id is bound to that user on join, and a socket that claims a
// peer id bound to someone else, or speaks for another peer, is closed with 4403.
import { cbor, type PeerId } from '@automerge/automerge-repo';
import { WebSocketServerAdapter } from '@automerge/automerge-repo-network-websocket';
import type { Logger } from 'pino';
import type { UserId } from '@sheaf/shared/ids';
import type { DocAccess } from './doc-access.js';

export const CLOSE_FORBIDDEN = 4403;

// The adapter is typed against ws through isomorphic-ws (CommonJS typings); take its own types so
// that the ESM import of ws elsewhere does not clash with them.
export type AdapterServer = ConstructorParameters<typeof WebSocketServerAdapter>[0];
type WebSocket = Parameters<WebSocketServerAdapter['receiveMessage']>[1];

type SocketState = { readonly userId: UserId; peerId?: PeerId };

export class AuthenticatedWebSocketServerAdapter extends WebSocketServerAdapter {
  readonly #sockets = new WeakMap<WebSocket, SocketState>();

  constructor(
    server: AdapterServer,
    private readonly access: DocAccess,
    private readonly logger: Logger,
  ) {
    super(server);
  }

  /** Called by the upgrade handler before the socket is handed to the ws server. */
  admit(socket: WebSocket, userId: UserId): void {
    this.#sockets.set(socket, { userId });
    socket.on('close', () => {
      const state = this.#sockets.get(socket);
      if (state?.peerId !== undefined && this.access.userOfPeer(state.peerId) === userId) {
        this.access.unbindPeer(state.peerId);
      }
    });
  }

  override receiveMessage(messageBytes: Uint8Array, socket: WebSocket): void {
    const state = this.#sockets.get(socket);
    const senderId = peekSender(messageBytes);
    if (state === undefined || senderId === undefined) {
      socket.close(CLOSE_FORBIDDEN, 'unauthenticated or malformed message');
      return;
    }
    if (state.peerId === undefined) {
      const bound = this.access.userOfPeer(senderId);
      if (bound !== undefined && bound !== state.userId) {
        this.logger.warn({ peerId: senderId }, 'peer id claimed by another user');
        socket.close(CLOSE_FORBIDDEN, 'peer id belongs to another user');
        return;
      }
      state.peerId = senderId;
      this.access.bindPeer(senderId, state.userId);
    } else if (state.peerId !== senderId) {
      socket.close(CLOSE_FORBIDDEN, 'a socket speaks for one peer only');
      return;
    }
    super.receiveMessage(messageBytes, socket);
  }
}

function peekSender(bytes: Uint8Array): PeerId | undefined {
  try {
    const message: unknown = cbor.decode(bytes);
    if (typeof message !== 'object' || message === null) return undefined;
    const sender = (message as { senderId?: unknown }).senderId;
    return typeof sender === 'string' && sender.length > 0 && sender.length <= 200 ? (sender as PeerId) : undefined;
  } catch {
    return undefined;
  }
}
