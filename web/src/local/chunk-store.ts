// This device's copy of chunk bytes, by hash, and the cache state around them: uploads write here
// (owed to the relay until it holds them), downloads read here before asking the relay, and an
// eviction pass frees the least recently used chunks that the relay holds and no file pins. A chunk
// still owed or pinned is never evicted: it may be the only copy of what a user made.
// Content-addressed, so a put of an existing hash never rewrites its bytes.
import type { ChunkHash } from '@sheaf/shared/ids';
import type { ChunkRefRow, ChunkRow, OutboxRow, SheafDb, TallyRow } from './db.js';

export type PutOptions = {
  /** The relay lacks these (as far as we know): each not already held is added to the outbox. */
  readonly owed?: boolean;
  /** The relay holds these (they came from there). */
  readonly held?: boolean;
};

export type Evicted = { readonly chunks: number; readonly bytes: number };

export type ChunkStore = {
  /**
   * Stores chunks in one transaction with their cache state and, with `owed`, their outbox rows:
   * batched Blob writes are the fastest IndexedDB path here, and a tab closed after it leaves each
   * chunk either held by the relay or owed to it.
   */
  putMany(rows: readonly ChunkRow[], options?: PutOptions): Promise<void>;
  /** The bytes of `hash`, marking it used. */
  get(hash: ChunkHash): Promise<Blob | undefined>;
  /** The relay holds these: they leave the outbox and become evictable unless pinned. */
  markHeld(hashes: readonly ChunkHash[]): Promise<void>;
  /** Keeps these on the device (once per call and hash; a count, so files sharing a chunk add up). */
  pin(hashes: readonly ChunkHash[]): Promise<void>;
  unpin(hashes: readonly ChunkHash[]): Promise<void>;
  /** Every hash with a pin: what "available offline" keeps, read again after a restart. */
  pinnedHashes(): Promise<ChunkHash[]>;
  /** Which of `hashes` have their bytes here (without reading them or marking them used). */
  storedAmong(hashes: readonly ChunkHash[]): Promise<Set<ChunkHash>>;
  /** Frees least recently used evictable chunks until the stored bytes are at most `budgetBytes`. */
  evict(budgetBytes: number): Promise<Evicted>;
  /** Bytes of every chunk stored here (owed and pinned ones too). */
  totalBytes(): Promise<number>;
};

export type ChunkStoreOptions = {
  readonly now: () => number;
  /** Called after a write that may bring the store over its budget (to schedule an eviction pass). */
  readonly afterWrite?: () => void;
};

/** Chunks examined per eviction transaction: short transactions leave uploads room in between. */
const EVICT_PAGE = 64;

const TALLY: TallyRow['id'] = 'chunks';
const EMPTY_TALLY: TallyRow = { id: TALLY, bytes: 0, count: 0 };

const unique = (hashes: readonly ChunkHash[]): ChunkHash[] => [...new Set(hashes)];

/** The row with `evictableAt` set or cleared to match its state. */
function withState(ref: ChunkRefRow, pinned: boolean): ChunkRefRow {
  const { evictableAt: _previous, ...rest } = ref;
  return ref.held === 1 && !pinned ? { ...rest, evictableAt: ref.usedAt } : rest;
}

export function createChunkStore(db: SheafDb, options: ChunkStoreOptions): ChunkStore {
  const { now } = options;
  const afterWrite = (): void => options.afterWrite?.();

  const pinnedAmong = async (hashes: readonly ChunkHash[]): Promise<Set<ChunkHash>> => {
    const pins = await db.pins.bulkGet([...hashes]);
    return new Set(pins.flatMap((pin) => (pin !== undefined && pin.count > 0 ? [pin.hash] : [])));
  };

  return {
    async putMany(rows, { owed = false, held = false } = {}) {
      if (rows.length === 0) return;
      const byHash = new Map(rows.map((row) => [row.hash, row]));
      const hashes = [...byHash.keys()];
      await db.transaction('rw', [db.chunks, db.chunkRefs, db.outbox, db.pins, db.tallies], async () => {
        const [refs, pinned, debts, tally] = await Promise.all([
          db.chunkRefs.bulkGet(hashes),
          pinnedAmong(hashes),
          db.outbox.bulkGet(hashes),
          db.tallies.get(TALLY),
        ]);
        const usedAt = now();
        const fresh: ChunkRow[] = [];
        const nextRefs: ChunkRefRow[] = [];
        const newDebts: OutboxRow[] = [];
        let addedBytes = 0;
        hashes.forEach((hash, i) => {
          const row = byHash.get(hash);
          if (row === undefined) return;
          const ref = refs[i];
          if (ref === undefined) {
            fresh.push(row);
            addedBytes += row.size;
          }
          const isHeld = held || ref?.held === 1 ? 1 : 0;
          nextRefs.push(withState({ hash, size: row.size, held: isHeld, usedAt }, pinned.has(hash)));
          if (owed && isHeld === 0 && debts[i] === undefined) newDebts.push({ hash, size: row.size, added: usedAt });
        });
        await db.chunks.bulkPut(fresh);
        await db.chunkRefs.bulkPut(nextRefs);
        await db.outbox.bulkPut(newDebts);
        // The relay holds what came from it: nothing of it is owed any more.
        if (held) await db.outbox.bulkDelete(hashes.filter((_, i) => debts[i] !== undefined));
        const before = tally ?? EMPTY_TALLY;
        await db.tallies.put({ id: TALLY, bytes: before.bytes + addedBytes, count: before.count + fresh.length });
      });
      afterWrite();
    },

    async get(hash) {
      return db.transaction('rw', [db.chunks, db.chunkRefs, db.pins], async () => {
        const row = await db.chunks.get(hash);
        if (row === undefined) return undefined;
        const [ref, pinned] = await Promise.all([db.chunkRefs.get(hash), pinnedAmong([hash])]);
        const usedAt = now();
        const base: ChunkRefRow = ref ?? { hash, size: row.size, held: 0, usedAt };
        await db.chunkRefs.put(withState({ ...base, usedAt }, pinned.has(hash)));
        return row.bytes;
      });
    },

    async markHeld(hashes) {
      if (hashes.length === 0) return;
      const all = unique(hashes);
      await db.transaction('rw', [db.chunkRefs, db.outbox, db.pins], async () => {
        const [refs, pinned] = await Promise.all([db.chunkRefs.bulkGet(all), pinnedAmong(all)]);
        const next = refs.flatMap((ref) =>
          ref === undefined ? [] : [withState({ ...ref, held: 1 }, pinned.has(ref.hash))],
        );
        await db.chunkRefs.bulkPut(next);
        await db.outbox.bulkDelete(all);
      });
      afterWrite();
    },

    async pin(hashes) {
      const all = unique(hashes);
      if (all.length === 0) return;
      await db.transaction('rw', [db.chunkRefs, db.pins], async () => {
        const [pins, refs] = await Promise.all([db.pins.bulkGet(all), db.chunkRefs.bulkGet(all)]);
        await db.pins.bulkPut(all.map((hash, i) => ({ hash, count: (pins[i]?.count ?? 0) + 1 })));
        await db.chunkRefs.bulkPut(refs.flatMap((ref) => (ref === undefined ? [] : [withState(ref, true)])));
      });
    },

    async unpin(hashes) {
      const all = unique(hashes);
      if (all.length === 0) return;
      await db.transaction('rw', [db.chunkRefs, db.pins], async () => {
        const [pins, refs] = await Promise.all([db.pins.bulkGet(all), db.chunkRefs.bulkGet(all)]);
        const counts = all.map((hash, i) => ({ hash, count: Math.max(0, (pins[i]?.count ?? 0) - 1) }));
        await db.pins.bulkPut(counts.filter((pin) => pin.count > 0));
        await db.pins.bulkDelete(counts.filter((pin) => pin.count === 0).map((pin) => pin.hash));
        const unpinned = new Set(counts.filter((pin) => pin.count === 0).map((pin) => pin.hash));
        await db.chunkRefs.bulkPut(
          refs.flatMap((ref) => (ref === undefined || !unpinned.has(ref.hash) ? [] : [withState(ref, false)])),
        );
      });
      afterWrite();
    },

    async pinnedHashes() {
      return db.pins.toCollection().primaryKeys();
    },

    async storedAmong(hashes) {
      const all = unique(hashes);
      const refs = await db.chunkRefs.bulkGet(all);
      return new Set(refs.flatMap((ref) => (ref === undefined ? [] : [ref.hash])));
    },

    async evict(budgetBytes) {
      let chunks = 0;
      let bytes = 0;
      for (;;) {
        const page = await db.transaction(
          'rw',
          [db.chunks, db.chunkRefs, db.outbox, db.pins, db.tallies],
          async (): Promise<'more' | 'done'> => {
            const tally = (await db.tallies.get(TALLY)) ?? EMPTY_TALLY;
            if (tally.bytes <= budgetBytes) return 'done';
            const candidates = await db.chunkRefs.orderBy('evictableAt').limit(EVICT_PAGE).toArray();
            if (candidates.length === 0) return 'done';
            const hashes = candidates.map((ref) => ref.hash);
            const [debts, pinned] = await Promise.all([db.outbox.bulkGet(hashes), pinnedAmong(hashes)]);
            let total = tally.bytes;
            const freed: ChunkHash[] = [];
            const repaired: ChunkRefRow[] = [];
            candidates.forEach((ref, i) => {
              if (total <= budgetBytes) return;
              // The index should never list these; if it does, the row is put right, not evicted.
              if (ref.held !== 1 || debts[i] !== undefined || pinned.has(ref.hash)) {
                const { evictableAt: _stale, ...kept } = ref;
                repaired.push(kept);
                return;
              }
              freed.push(ref.hash);
              total -= ref.size;
              bytes += ref.size;
            });
            await db.chunks.bulkDelete(freed);
            await db.chunkRefs.bulkDelete(freed);
            await db.chunkRefs.bulkPut(repaired);
            chunks += freed.length;
            await db.tallies.put({ id: TALLY, bytes: total, count: tally.count - freed.length });
            return total <= budgetBytes ? 'done' : 'more';
          },
        );
        if (page === 'done') return { chunks, bytes };
      }
    },

    async totalBytes() {
      return ((await db.tallies.get(TALLY)) ?? EMPTY_TALLY).bytes;
    },
  };
}
