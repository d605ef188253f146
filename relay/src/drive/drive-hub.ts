// The relay's own view of the drives it syncs. A drive document is opened once (when its owner's
// device first syncs it, or a REST route needs it): every operation already in it is recorded in the
// change index, and from then on each change to it (from a device or from the relay) is recorded as it
// happens. A drive the REST routes use also gets a DriveReplica, so commands run against the current
// tree and write their operations into the same document, from which devices receive them by sync.
// The replica is built on first use only: building a tree costs about 25 µs per operation, which a
// drive that is only synced never needs.
import {
  ImmutableString,
  isValidDocumentId,
  type DocHandle,
  type DocHandleChangePayload,
  type DocumentId,
  type Repo,
} from '@automerge/automerge-repo';
import type { Logger } from 'pino';
import { UserId, type RandomBytes } from '@sheaf/shared/ids';
import { err, ok, type Result } from '@sheaf/shared/result';
import { layoutOps, writeEntries, type DriveDocument, type StoredEntry } from '@sheaf/shared/drive/drive-document';
import type { CommandError } from '@sheaf/shared/drive/drive-commands';
import { DriveReplica, type Command } from '@sheaf/shared/drive/drive-replica';
import { readRetention, type Retention } from '@sheaf/shared/drive/retention';
import { ActorId } from '@sheaf/shared/drive/op-id';
import type { DriveOp } from '@sheaf/shared/drive/ops';
import type { Db } from '../db/database.js';
import type { Clock } from '../clock.js';
import type { ChangeIndex } from './change-index.js';
import { opsOfChange, opsOfDocument, ownOpsOfChange } from './doc-ops.js';
import { pooledRandom } from '../random-pool.js';

/** The relay writes as one actor of its own; its Lamport clock follows every operation it has seen. */
export const RELAY_ACTOR = ActorId.parse('relay');
/** What the `device` of an operation made through the REST API says. */
export const RELAY_DEVICE = 'Sheaf API';
const LOAD_TIMEOUT_MS = 10_000;
export type OpenDrive = {
  readonly documentId: DocumentId;
  readonly owner: UserId;
  readonly handle: DocHandle<DriveDocument>;
  /** The drive's replica, built from the document on first call and kept current by every change. */
  replica(): DriveReplica;
  /** The version retention rule the owner set in the document (keep all when none or unreadable). */
  retention(): Retention;
};

export type DriveUnavailable = { readonly kind: 'not_a_drive' | 'unavailable'; readonly message: string };

export type DriveHub = {
  /** The document id of the user's drive. */
  driveOf(owner: UserId): DocumentId | undefined;
  /** Opens a drive (once; later calls share it), recording every operation already in it. */
  open(documentId: DocumentId): Promise<Result<OpenDrive, DriveUnavailable>>;
  /** Opens a drive in the background, for the sync server when a device asks for a document. */
  watch(documentId: DocumentId): void;
  /**
   * Runs commands in order against the drive's tree, stopping at the first that fails; writes the
   * operations made so far into the document in one change and waits until it is stored.
   */
  apply(drive: OpenDrive, commands: readonly Command[]): Promise<Result<DriveOp[], CommandError>>;
  /**
   * Runs every command in order against the drive's tree, each seeing what the ones before it made;
   * one that fails makes nothing and the rest still run. Writes all the operations made into the
   * document in one change, waits until it is stored, and answers each command's result in order.
   */
  applyEach(drive: OpenDrive, commands: readonly Command[]): Promise<Array<Result<DriveOp[], CommandError>>>;
  /** Stops listening to every open drive. */
  close(): void;
};

export type DriveHubDeps = {
  readonly repo: Repo;
  readonly db: Db;
  readonly index: ChangeIndex;
  readonly clock: Clock;
  readonly random: RandomBytes;
  readonly logger: Logger;
  /** Told of operations the relay sees for the first time (the audit log follows deletes). */
  readonly onNewOps?: (owner: UserId, ops: readonly DriveOp[]) => void;
};

type Opening = Promise<Result<OpenDrive, DriveUnavailable>>;

/**
 * What the relay is writing into a document: the stored values (one operation or a bundle) by key,
 * and the JSON each operation is stored as, which the change index keeps per operation.
 */
type Writing = { readonly entries: ReadonlyMap<string, StoredEntry>; readonly texts: ReadonlyMap<DriveOp, string> };

export function createDriveHub({ repo, db, index, clock, random, logger, onNewOps }: DriveHubDeps): DriveHub {
  const ownerRow = db.prepare<[string], { owner_id: string }>(
    "SELECT owner_id FROM documents WHERE document_id = ? AND kind = 'drive'",
  );
  const driveRow = db.prepare<[string], { document_id: string }>(
    "SELECT document_id FROM documents WHERE owner_id = ? AND kind = 'drive' ORDER BY created_at LIMIT 1",
  );
  const opening = new Map<DocumentId, Opening>();
  const detach = new Map<DocumentId, () => void>();
  /** Documents known not to be drives: a document's kind never changes, so the answer can be kept. */
  const notDrives = new Set<DocumentId>();
  const replicaRandom = pooledRandom(random);
  /**
   * The operations the relay is writing into each document, while it writes them: the change event
   * that writing raises (synchronously, inside handle.change) takes them from here instead of
   * decoding from the document what the relay has just encoded.
   */
  const writing = new Map<DocumentId, Writing>();
  let closed = false;

  const forget = (documentId: DocumentId): void => {
    detach.get(documentId)?.();
    detach.delete(documentId);
    opening.delete(documentId);
  };

  /** Records operations in the feed; false when the index could not be written. */
  const record = (
    documentId: DocumentId,
    owner: UserId,
    ops: readonly DriveOp[],
    texts?: ReadonlyMap<DriveOp, string>,
  ): boolean => {
    try {
      const added = index.record(documentId, ops, texts);
      if (added.length > 0) onNewOps?.(owner, added);
      return true;
    } catch (error) {
      // Runs inside automerge-repo's change callback, where nothing may throw. Forgetting the drive
      // means its next use opens it again and records every operation, so the feed loses none.
      logger.error({ err: error, documentId }, 'could not record drive operations');
      forget(documentId);
      return false;
    }
  };

  const load = async (documentId: DocumentId): Opening => {
    const owner = UserId.safeParse(ownerRow.get(documentId)?.owner_id);
    if (!owner.success) return err({ kind: 'not_a_drive', message: 'no such drive' });
    let handle: DocHandle<DriveDocument>;
    try {
      handle = await repo.find<DriveDocument>(documentId, { signal: AbortSignal.timeout(LOAD_TIMEOUT_MS) });
    } catch (error) {
      logger.warn({ err: error, documentId }, 'drive document could not be loaded');
      return err({ kind: 'unavailable', message: 'the drive could not be loaded; try again' });
    }
    if (closed) return err({ kind: 'unavailable', message: 'the relay is shutting down' });
    let replica: DriveReplica | undefined;
    const drive: OpenDrive = {
      documentId,
      owner: owner.data,
      handle,
      replica() {
        if (replica !== undefined) return replica;
        // Built from the document as it is now; every later change reaches it through onChange.
        replica = new DriveReplica(RELAY_ACTOR, {
          userId: owner.data,
          device: RELAY_DEVICE,
          now: () => clock.now(),
          random: replicaRandom,
        });
        replica.receive(opsOfDocument(handle.doc()));
        return replica;
      },
      retention: () => readRetention((handle.doc() as { retention?: unknown }).retention),
    };
    // Nothing awaits between subscribing and reading the whole document: a change lands either before
    // the read (and is in it) or after the subscription (and is delivered to it).
    const onChange = ({ doc, patches }: DocHandleChangePayload<DriveDocument>): void => {
      const own = writing.get(documentId);
      const ownOps = own === undefined ? undefined : ownOpsOfChange(patches, own.entries);
      const ops = ownOps ?? opsOfChange(doc, patches);
      if (ops.length === 0) return;
      if (!record(documentId, owner.data, ops, ownOps === undefined ? undefined : own?.texts)) return;
      try {
        replica?.receive(ops);
      } catch (error) {
        logger.error({ err: error, documentId }, 'could not apply drive operations');
        forget(documentId);
      }
    };
    handle.on('change', onChange);
    detach.set(documentId, () => handle.off('change', onChange));
    if (!record(documentId, owner.data, opsOfDocument(handle.doc()))) {
      return err({ kind: 'unavailable', message: 'the drive could not be indexed; try again' });
    }
    return ok(drive);
  };

  /** Writes operations the replica already holds into the document in one change, stored before answering. */
  const write = async (drive: OpenDrive, made: readonly DriveOp[]): Promise<void> => {
    if (made.length === 0) return;
    const texts = new Map(made.map((op) => [op, JSON.stringify(op)]));
    // One stored value per commit (up to 1,000 files) rather than one per file: Automerge's cost is
    // mostly per put, and it was about two thirds of a commit's time (drive-document.ts).
    const entries = layoutOps(made);
    writing.set(drive.documentId, { entries: new Map(entries.map((entry) => [entry.key, entry])), texts });
    try {
      drive.handle.change((doc) =>
        writeEntries(
          doc,
          entries,
          (text) => new ImmutableString(text),
          (op) => texts.get(op) ?? JSON.stringify(op),
        ),
      );
    } catch (error) {
      // The replica now holds operations the document lacks: start the drive afresh next time.
      forget(drive.documentId);
      throw error;
    } finally {
      writing.delete(drive.documentId);
    }
    // Stored before the request is answered, so an acknowledged write survives a restart.
    await repo.flush([drive.documentId]);
  };

  const open = (documentId: DocumentId): Opening => {
    const known = opening.get(documentId);
    if (known !== undefined) return known;
    const started = load(documentId);
    opening.set(documentId, started);
    void started.then((result) => {
      if (result.ok) return;
      if (result.error.kind === 'not_a_drive') notDrives.add(documentId);
      // A failed open is not kept, so the next use tries again.
      if (opening.get(documentId) === started) opening.delete(documentId);
    });
    return started;
  };

  return {
    driveOf(owner) {
      const id = driveRow.get(owner)?.document_id;
      return isValidDocumentId(id) ? id : undefined;
    },

    open,

    watch(documentId) {
      if (closed || opening.has(documentId) || notDrives.has(documentId)) return;
      void open(documentId);
    },

    async apply(drive, commands) {
      const made: DriveOp[] = [];
      let failure: CommandError | undefined;
      const replica = drive.replica();
      for (const command of commands) {
        const result = replica.run(command);
        if (!result.ok) {
          failure = result.error;
          break;
        }
        made.push(...result.value);
      }
      await write(drive, made);
      return failure === undefined ? ok(made) : err(failure);
    },

    async applyEach(drive, commands) {
      const replica = drive.replica();
      const results = commands.map((command) => replica.run(command));
      await write(
        drive,
        results.flatMap((result) => (result.ok ? result.value : [])),
      );
      return results;
    },

    close() {
      closed = true;
      for (const documentId of [...detach.keys()]) forget(documentId);
      opening.clear();
    },
  };
}
