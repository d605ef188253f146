// Who may sync which document. automerge-repo asks per message and per peer, so the answer comes
// from memory (loaded from the `documents` table at start, kept in step on every write).
import type { DocumentId, PeerId } from '@automerge/automerge-repo';
import type { UserId } from '@sheaf/shared/ids';
import type { Db } from '../db/database.js';
import type { Clock } from '../clock.js';

export type DocAccess = ReturnType<typeof createDocAccess>;

export function createDocAccess(db: Db, clock: Clock) {
  const owners = new Map<string, string>();
  for (const row of db
    .prepare<[], { document_id: string; owner_id: string }>('SELECT document_id, owner_id FROM documents')
    .iterate()) {
    owners.set(row.document_id, row.owner_id);
  }
  const insert = db.prepare('INSERT INTO documents (document_id, owner_id, kind, created_at) VALUES (?, ?, ?, ?)');
  /** Each connected peer id is bound to the user whose token opened its socket. */
  const peers = new Map<PeerId, UserId>();

  return {
    recordOwner(documentId: DocumentId, owner: UserId, kind: string): void {
      insert.run(documentId, owner, kind, clock.now());
      owners.set(documentId, owner);
    },
    bindPeer(peerId: PeerId, userId: UserId): void {
      peers.set(peerId, userId);
    },
    unbindPeer(peerId: PeerId): void {
      peers.delete(peerId);
    },
    userOfPeer(peerId: PeerId): UserId | undefined {
      return peers.get(peerId);
    },
    /** Read access; the first slice knows only owners (sharing adds roles). */
    canRead(peerId: PeerId, documentId: DocumentId): boolean {
      const user = peers.get(peerId);
      return user !== undefined && owners.get(documentId) === user;
    },
  };
}
