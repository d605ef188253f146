// Chunks kept on this device that the relay has not received yet: written by uploads before they
// send (local/chunk-store.ts, in the same transaction as the bytes), emptied as the relay comes to
// hold them, and sent by transfer/chunk-sender.ts when an upload could not (offline, or a tab
// closed mid-upload and reloaded). A live upload claims the chunks it is sending so the sender
// leaves them alone; with other tabs open the claims are told to them too, since the sender may run
// in another tab (app/outbox-leader.ts), and a tab's claims end when that tab goes.
import { z } from 'zod';
import { ChunkHash } from '@sheaf/shared/ids';
import type { OutboxRow, SheafDb } from './db.js';

export type Outbox = {
  add(rows: ReadonlyArray<{ readonly hash: ChunkHash; readonly size: number }>): Promise<void>;
  /** The oldest owed chunks first, at most `limit`, leaving out those a live upload is sending. */
  oldest(limit: number): Promise<OutboxRow[]>;
  remove(hashes: readonly ChunkHash[]): Promise<void>;
  /** Owed chunks, leaving out those a live upload is sending. */
  count(): Promise<number>;
  /**
   * Marks `hashes` as being sent by a live upload of this page until the returned release is called,
   * so that the chunk sender (of any tab) does not send them a second time alongside it.
   */
  claim(hashes: readonly ChunkHash[]): () => void;
  /** Calls `listener` when chunks claimed by a tab that has since closed are left to the sender. */
  onFreed(listener: () => void): () => void;
  /** Stops telling and hearing the other tabs. */
  close(): void;
};

/** What tabs tell each other of claims; a tab that opens asks for those already made. */
export const ClaimMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('claim'), tab: z.string(), claim: z.number().int(), hashes: z.array(ChunkHash) }),
  z.object({ type: z.literal('release'), tab: z.string(), claim: z.number().int() }),
  z.object({ type: z.literal('claims?') }),
]);
export type ClaimMessage = z.infer<typeof ClaimMessage>;

/** The other tabs of this browser (app/tab-channel.ts), for sharing claims. */
export type ClaimPeers = {
  /** This tab's id. */
  readonly tab: string;
  post(message: ClaimMessage): void;
  listen(listener: (message: ClaimMessage) => void): () => void;
  /** Calls `gone` once the tab `tab` has closed. */
  whenGone(tab: string, gone: () => void): void;
};

/** Who is sending what: claims of this page and, told by them, of other tabs. */
export type Claims = {
  /** Whether a live upload, here or in another tab, is sending `hash`. */
  has(hash: ChunkHash): boolean;
  readonly size: () => number;
} & Pick<Outbox, 'claim' | 'onFreed' | 'close'>;

export function createClaims(peers?: ClaimPeers): Claims {
  /** A hash is left alone while it is counted here. */
  const counts = new Map<ChunkHash, number>();
  const tally = (hashes: readonly ChunkHash[], by: 1 | -1): void => {
    for (const hash of hashes) {
      const left = (counts.get(hash) ?? 0) + by;
      if (left > 0) counts.set(hash, left);
      else counts.delete(hash);
    }
  };
  /** This page's live claims, by number, to tell a tab that opens later. */
  const mine = new Map<number, readonly ChunkHash[]>();
  /** Other tabs' live claims, by tab and number. */
  const theirs = new Map<string, Map<number, readonly ChunkHash[]>>();
  const freed = new Set<() => void>();
  let nextClaim = 1;

  const tabGone = (gone: string): void => {
    const tab = theirs.get(gone);
    theirs.delete(gone);
    if (tab === undefined || tab.size === 0) return;
    for (const hashes of tab.values()) tally(hashes, -1);
    // Its upload stopped mid-way: what it stored as owed is the sender's now.
    for (const listener of [...freed]) listener();
  };

  const heard = (message: ClaimMessage): void => {
    if (peers === undefined) return;
    if (message.type === 'claims?') {
      for (const [claim, hashes] of mine) peers.post({ type: 'claim', tab: peers.tab, claim, hashes: [...hashes] });
      return;
    }
    if (message.tab === peers.tab) return;
    let tab = theirs.get(message.tab);
    if (message.type === 'claim') {
      if (tab === undefined) {
        tab = new Map();
        theirs.set(message.tab, tab);
        const gone = message.tab;
        peers.whenGone(gone, () => tabGone(gone));
      }
      // Told again (answering another tab's `claims?`): counted once.
      if (tab.has(message.claim)) return;
      const hashes = [...new Set(message.hashes)];
      tab.set(message.claim, hashes);
      tally(hashes, 1);
      return;
    }
    const hashes = tab?.get(message.claim);
    if (hashes === undefined) return;
    tab?.delete(message.claim);
    tally(hashes, -1);
  };

  const unlisten = peers?.listen(heard);
  peers?.post({ type: 'claims?' });

  return {
    has: (hash) => counts.has(hash),
    size: () => counts.size,
    claim(hashes) {
      const unique = [...new Set(hashes)];
      const claim = nextClaim++;
      tally(unique, 1);
      mine.set(claim, unique);
      peers?.post({ type: 'claim', tab: peers.tab, claim, hashes: unique });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        tally(unique, -1);
        mine.delete(claim);
        peers?.post({ type: 'release', tab: peers.tab, claim });
      };
    },
    onFreed(listener) {
      freed.add(listener);
      return () => freed.delete(listener);
    },
    close() {
      unlisten?.();
      freed.clear();
    },
  };
}

export function createOutbox(db: SheafDb, now: () => number, peers?: ClaimPeers): Outbox {
  const claims = createClaims(peers);
  return {
    async add(rows) {
      if (rows.length === 0) return;
      const added = now();
      await db.outbox.bulkPut(rows.map(({ hash, size }) => ({ hash, size, added })));
    },
    async oldest(limit) {
      const rows = await db.outbox
        .orderBy('added')
        .filter((row) => !claims.has(row.hash))
        .limit(limit)
        .toArray();
      // Rows are parsed on the way out: a hash goes into a URL.
      return rows.filter((row) => ChunkHash.safeParse(row.hash).success && Number.isSafeInteger(row.size));
    },
    async remove(hashes) {
      await db.outbox.bulkDelete([...hashes]);
    },
    // What a live upload is sending is not waiting: it is not counted until that upload lets go of it.
    count: () => (claims.size() === 0 ? db.outbox.count() : db.outbox.filter((row) => !claims.has(row.hash)).count()),
    claim: (hashes) => claims.claim(hashes),
    onFreed: (listener) => claims.onFreed(listener),
    close: () => claims.close(),
  };
}
