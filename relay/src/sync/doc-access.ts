// Who may sync which document, and how. automerge-repo asks per message and per peer, so the answer
// comes from memory (loaded from `documents` and `document_members` at start, kept in step on every
// write). Roles follow the seed: the owner and editors change a document; commenters and viewers
// only receive it (a commenter's comments live in documents of their own, not in the drive).
import type { DocumentId, PeerId } from '@automerge/automerge-repo';
import type { UserId } from '@sheaf/shared/ids';
import type { Db } from '../db/database.js';
import type { Clock } from '../clock.js';

export type MemberRole = 'editor' | 'commenter' | 'viewer';
export type Role = 'owner' | MemberRole;

export type DocAccess = ReturnType<typeof createDocAccess>;

const WRITERS: ReadonlySet<Role> = new Set(['owner', 'editor']);

export function createDocAccess(db: Db, clock: Clock) {
  const owners = new Map<string, string>();
  for (const row of db
    .prepare<[], { document_id: string; owner_id: string }>('SELECT document_id, owner_id FROM documents')
    .iterate()) {
    owners.set(row.document_id, row.owner_id);
  }
  /** document id → user id → role, for everyone but the owner. */
  const members = new Map<string, Map<string, MemberRole>>();
  const remember = (documentId: string, userId: string, role: MemberRole): void => {
    const of = members.get(documentId) ?? new Map<string, MemberRole>();
    members.set(documentId, of.set(userId, role));
  };
  for (const row of db
    .prepare<[], { document_id: string; user_id: string; role: MemberRole }>(
      'SELECT document_id, user_id, role FROM document_members',
    )
    .iterate()) {
    remember(row.document_id, row.user_id, row.role);
  }
  const insert = db.prepare('INSERT INTO documents (document_id, owner_id, kind, created_at) VALUES (?, ?, ?, ?)');
  const upsertMember = db.prepare(
    `INSERT INTO document_members (document_id, user_id, role, granted_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (document_id, user_id) DO UPDATE SET role = excluded.role, granted_at = excluded.granted_at`,
  );
  const deleteMember = db.prepare('DELETE FROM document_members WHERE document_id = ? AND user_id = ?');
  /** Each connected peer id is bound to the user whose token opened its socket. */
  const peers = new Map<PeerId, UserId>();

  const roleOf = (userId: string, documentId: string): Role | undefined =>
    owners.get(documentId) === userId ? 'owner' : members.get(documentId)?.get(userId);

  return {
    recordOwner(documentId: DocumentId, owner: UserId, kind: string): void {
      insert.run(documentId, owner, kind, clock.now());
      owners.set(documentId, owner);
    },
    /** Gives `userId` a role on a document (or changes it); the owner's own role never changes. */
    grant(documentId: DocumentId, userId: UserId, role: MemberRole): boolean {
      if (!owners.has(documentId) || owners.get(documentId) === userId) return false;
      upsertMember.run(documentId, userId, role, clock.now());
      remember(documentId, userId, role);
      return true;
    },
    revoke(documentId: DocumentId, userId: UserId): void {
      deleteMember.run(documentId, userId);
      members.get(documentId)?.delete(userId);
    },
    roleOf,
    bindPeer(peerId: PeerId, userId: UserId): void {
      peers.set(peerId, userId);
    },
    unbindPeer(peerId: PeerId): void {
      peers.delete(peerId);
    },
    userOfPeer(peerId: PeerId): UserId | undefined {
      return peers.get(peerId);
    },
    /** Any role reads. */
    canRead(peerId: PeerId, documentId: DocumentId): boolean {
      const user = peers.get(peerId);
      return user !== undefined && roleOf(user, documentId) !== undefined;
    },
    /** Only the owner and editors change a document. */
    canWrite(userId: UserId, documentId: string): boolean {
      const role = roleOf(userId, documentId);
      return role !== undefined && WRITERS.has(role);
    },
  };
}
