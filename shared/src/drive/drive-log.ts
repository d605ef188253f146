// A replica's set of operations and its clocks: the Lamport time for the next operation and, per
// actor, the latest operation held (the `seen` a trash or purge carries). Receiving is idempotent.
import { type ActorId, actorOf, lamportOf, makeOpId, type OpId, type Seen } from './op-id.js';
import type { DriveOp } from './ops.js';

export class DriveLog {
  readonly #ops = new Map<OpId, DriveOp>();
  readonly #seen: Record<string, number> = {};
  #lamport = 0;
  #version = 0;

  constructor(readonly actor: ActorId) {}

  /** Adds operations made here or received; true when any was new. */
  add(ops: Iterable<DriveOp>): boolean {
    let added = false;
    for (const op of ops) {
      if (this.#ops.has(op.id)) continue;
      this.#ops.set(op.id, op);
      const lamport = lamportOf(op.id);
      const actor = actorOf(op.id);
      this.#lamport = Math.max(this.#lamport, lamport);
      this.#seen[actor] = Math.max(this.#seen[actor] ?? 0, lamport);
      added = true;
    }
    if (added) this.#version += 1;
    return added;
  }

  /** The id for the next operation made here: later than everything this replica holds. */
  nextId(): OpId {
    this.#lamport += 1;
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
