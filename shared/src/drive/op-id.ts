// Operation ids: a Lamport timestamp and the actor (one device's replica) that made the operation.
// The text form zero-pads the Lamport number so that plain string order is (lamport, actor) order:
// every replica sorts the same log the same way, and ids sort as immutable strings in Automerge.
import { z } from 'zod';

export const ActorId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'actor id')
  .brand<'ActorId'>();
export type ActorId = z.infer<typeof ActorId>;

const LAMPORT_DIGITS = 12;
export const MAX_LAMPORT = 10 ** LAMPORT_DIGITS - 1;

export const OpId = z
  .string()
  .regex(/^\d{12}@[A-Za-z0-9_-]{1,64}$/, 'operation id')
  .brand<'OpId'>();
export type OpId = z.infer<typeof OpId>;

export function makeOpId(lamport: number, actor: ActorId): OpId {
  if (!Number.isSafeInteger(lamport) || lamport < 1 || lamport > MAX_LAMPORT) {
    throw new RangeError(`lamport ${lamport} out of range`);
  }
  return OpId.parse(`${String(lamport).padStart(LAMPORT_DIGITS, '0')}@${actor}`);
}

export function lamportOf(id: OpId): number {
  return Number(id.slice(0, LAMPORT_DIGITS));
}

export function actorOf(id: OpId): ActorId {
  return ActorId.parse(id.slice(LAMPORT_DIGITS + 1));
}

/** Total order of operations: by Lamport time, then by actor. */
export const compareOpIds = (a: OpId, b: OpId): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What a replica had seen when it made an operation: for each actor, the highest Lamport time of
 * that actor's operations it held. Automerge delivers changes in causal order, so an operation
 * `x` happened before an operation carrying `seen` exactly when `lamport(x) <= seen[actor(x)]`.
 */
export const Seen = z.record(z.string(), z.number().int().nonnegative());
export type Seen = z.infer<typeof Seen>;

export function happenedBefore(id: OpId, seen: Seen): boolean {
  const actor = id.slice(LAMPORT_DIGITS + 1);
  return lamportOf(id) <= (seen[actor] ?? 0);
}
