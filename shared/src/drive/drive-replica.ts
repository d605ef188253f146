// One device's copy of a drive in memory: its operation log, the tree derived from it (rebuilt only
// when the log changed), and a way to run commands. The Automerge document is its transport.
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
  readonly #engine = new TreeEngine();

  constructor(actor: ActorId, who: Omit<Author, 'log'>) {
    this.log = new DriveLog(actor);
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

  receive(ops: Iterable<DriveOp>): boolean {
    const list = [...ops];
    const added = this.log.add(list);
    if (added) this.#engine.add(list);
    return added;
  }
}
