// A replica's set of operations and its clocks: the Lamport time for the next operation and, per
// actor, the latest operation held (the `seen` a trash or purge carries). Receiving is idempotent.
import { type ActorId, actorOf, lamportOf, makeOpId, MAX_LAMPORT, type OpId, type Seen } from './op-id.js';

/** Lamport times count milliseconds from here when a clock is given: 12 digits last until 2051. */
const LAMPORT_EPOCH_MS = Date.UTC(2020, 0, 1);
import type { DriveOp } from './ops.js';

export class DriveLog {
  readonly #ops = new Map<OpId, DriveOp>();
  readonly #seen: Record<string, number> = {};
  #lamport = 0;
  #version = 0;

  constructor(readonly actor: ActorId) {}

  /** Adds operations made here or received; true when any was new. */
  add(ops: Iterable<DriveOp>): boolean {
    return this.addFresh(ops).length > 0;
  }

  /** Adds operations made here or received; answers those it did not hold, each once, in the order given. */
  addFresh(ops: Iterable<DriveOp>): DriveOp[] {
    const fresh: DriveOp[] = [];
    for (const op of ops) {
      if (this.#ops.has(op.id)) continue;
      this.#ops.set(op.id, op);
      fresh.push(op);
      const lamport = lamportOf(op.id);
      const actor = actorOf(op.id);
      this.#lamport = Math.max(this.#lamport, lamport);
      this.#seen[actor] = Math.max(this.#seen[actor] ?? 0, lamport);
    }
    if (fresh.length > 0) this.#version += 1;
    return fresh;
  }

  /**
   * The id for the next operation made here: later than everything this replica holds and, when
   * the wall clock is given, not earlier than it (milliseconds since 2020, a hybrid logical clock).
   * The clock floor matters when a tab takes over an actor from a tab whose last operations reached
   * the relay but not this device's storage: counting on from what is held could mint their ids
   * again, while starting from the clock is past them unless they were made faster than 1 per ms.
   */
  nextId(wallMs?: number): OpId {
    const floor = wallMs === undefined ? 0 : Math.floor(wallMs) - LAMPORT_EPOCH_MS;
    this.#lamport = Math.max(this.#lamport + 1, Math.min(floor, MAX_LAMPORT));
    return makeOpId(this.#lamport, this.actor);
  }

  seen(): Seen {
    return { ...this.#seen };
  }

  ops(): Iterable<DriveOp> {
    return this.#ops.values();
  }

  has(id: OpId): boolean {
    return this.#ops.has(id);
  }

  get size(): number {
    return this.#ops.size;
  }

  /** Changes whenever an operation is added: a cheap key for caching what is derived from the log. */
  get version(): number {
    return this.#version;
  }
}
