// automerge-repo's WebSocket server adapter trusts whatever peer id a socket claims, and a second
// socket claiming a connected peer's id disconnects the first. Here every socket belongs to the
// user whose token opened it: a peer id is bound to that user on join, and a socket that claims a
// peer id bound to someone else, or speaks for another peer, is closed with 4403. So is one that
// sends changes to a document its user may only read: dropping its messages instead would make its
// client resend them in a storm (MEASURED.md), and closing tells the client plainly.
import { decodeSyncMessage } from '@automerge/automerge';
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
    if (writesWithoutRight(messageBytes, (documentId) => this.access.canWrite(state.userId, documentId))) {
      this.logger.warn({ peerId: senderId }, 'changes sent to a document the user may only read');
      socket.close(CLOSE_FORBIDDEN, 'this document is read-only for you');
      return;
    }
    super.receiveMessage(messageBytes, socket);
  }
}

type PeekedMessage = {
  readonly senderId?: unknown;
  readonly type?: unknown;
  readonly documentId?: unknown;
  readonly data?: unknown;
};

function peek(bytes: Uint8Array): PeekedMessage | undefined {
  try {
    const message: unknown = cbor.decode(bytes);
    return typeof message === 'object' && message !== null ? message : undefined;
  } catch {
    return undefined;
  }
}

function peekSender(bytes: Uint8Array): PeerId | undefined {
  const sender = peek(bytes)?.senderId;
  return typeof sender === 'string' && sender.length > 0 && sender.length <= 200 ? (sender as PeerId) : undefined;
}

/**
 * Whether a sync message carries changes to a document the sender may not change. Only messages to
 * documents the user cannot write are decoded further, so owners and editors pay nothing for it.
 * Messages to documents the user cannot even read are left to automerge-repo's own access check.
 */
function writesWithoutRight(bytes: Uint8Array, canWrite: (documentId: string) => boolean): boolean {
  const message = peek(bytes);
  if (message === undefined || (message.type !== 'sync' && message.type !== 'request')) return false;
  if (typeof message.documentId !== 'string' || canWrite(message.documentId)) return false;
  if (!(message.data instanceof Uint8Array)) return true;
  try {
    return decodeSyncMessage(message.data).changes.length > 0;
  } catch {
    // Not a sync message we can read: refuse rather than pass it on.
    return true;
  }
}
