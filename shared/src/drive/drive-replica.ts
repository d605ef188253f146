// One device's copy of a drive in memory: its operation log, the tree derived from it (updated only
// when the log changed, from the log's own operations: they are held once), and a way to run
// commands. The Automerge document is its transport.
import type { Result } from '../result.js';
import type { CommandError, Author } from './drive-commands.js';
import { DriveLog } from './drive-log.js';
import type { DriveTree } from './drive-tree.js';
import { TreeEngine } from './tree-engine.js';
import type { ActorId } from './op-id.js';
import type { DriveOp } from './ops.js';

export type Command = (author: Author, tree: DriveTree) => Result<DriveOp[], CommandError>;

export class DriveReplica {
  readonly log: DriveLog;
  readonly author: Author;
  readonly #engine: TreeEngine;

  constructor(actor: ActorId, who: Omit<Author, 'log'>) {
    this.log = new DriveLog(actor);
    this.#engine = TreeEngine.over(this.log);
    this.author = { ...who, log: this.log };
  }

  tree(): DriveTree {
    return this.#engine.tree();
  }

  /** Runs a command against the current tree and keeps its operations; answers them for sending. */
  run(command: Command): Result<DriveOp[], CommandError> {
    const made = command(this.author, this.tree());
    if (made.ok) this.receive(made.value);
    return made;
  }

  /** Keeps operations made here or received; true when any was new. */
  receive(ops: Iterable<DriveOp>): boolean {
    const fresh = this.log.addFresh(ops);
    this.#engine.added(fresh);
    return fresh.length > 0;
  }
}
