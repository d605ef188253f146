// This tab's actor id for drive operations: a stable per-device base kept in Dexie plus a slot
// number held with a Web Lock for the tab's life. Two tabs never share an actor (their Lamport
// counters would mint the same operation ids), while a reopened tab reuses a freed slot, so the
// number of actors a drive remembers grows with devices and open tabs, not with page loads.
import { z } from 'zod';
import { toHex } from '@sheaf/shared/hex';
import { ActorId } from '@sheaf/shared/drive/op-id';
import type { SheafDb } from './db.js';

const ActorRow = z.object({ id: z.literal('actor'), base: z.string().regex(/^[0-9a-f]{16}$/) });

/** Slots tried before giving up on locks; more tabs than this get a one-off actor. */
const MAX_SLOTS = 64;

export type ActorClaim = {
  readonly actor: ActorId;
  /** Frees the slot (sign-out); the tab closing frees it too. */
  readonly release: () => void;
};

/** The `navigator.locks` members used here; absent in insecure contexts and old browsers. */
export type Locks = Pick<LockManager, 'request'>;

export async function deviceActorBase(db: SheafDb, randomBytes: (n: number) => Uint8Array): Promise<string> {
  return db.transaction('rw', db.device, async () => {
    const row = ActorRow.safeParse(await db.device.get('actor'));
    if (row.success) return row.data.base;
    const base = toHex(randomBytes(8));
    await db.device.put({ id: 'actor', base });
    return base;
  });
}

/** Takes the first free slot `n` by holding the lock `sheaf-actor-n` until released. */
async function takeSlot(locks: Locks): Promise<{ slot: number; release: () => void } | undefined> {
  for (let slot = 0; slot < MAX_SLOTS; slot++) {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const taken = await new Promise<boolean>((answer) => {
      // The callback's promise keeps the lock; it settles only when `release` is called.
      locks
        .request(`sheaf-actor-${slot}`, { ifAvailable: true }, async (lock) => {
          answer(lock !== null);
          if (lock !== null) await held;
        })
        .catch(() => answer(false));
    });
    if (taken) return { slot, release };
  }
  return undefined;
}

export async function claimActor(
  db: SheafDb,
  locks: Locks | undefined,
  randomBytes: (n: number) => Uint8Array,
): Promise<ActorClaim> {
  const base = await deviceActorBase(db, randomBytes);
  const slot = locks === undefined ? undefined : await takeSlot(locks);
  if (slot === undefined) {
    // No Web Locks (or every slot busy): a random suffix is still unique, only never reused.
    return { actor: ActorId.parse(`${base}-t${toHex(randomBytes(6))}`), release: () => undefined };
  }
  return { actor: ActorId.parse(`${base}-${slot.slot}`), release: slot.release };
}
