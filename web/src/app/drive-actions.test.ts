import { describe, expect, it } from 'vitest';
import { DriveReplica } from '@sheaf/shared/drive/drive-replica';
import { ROOT, type NodeId } from '@sheaf/shared/drive/node-id';
import { ActorId } from '@sheaf/shared/drive/op-id';
import { KEEP_ALL } from '@sheaf/shared/drive/retention';
import { ok } from '@sheaf/shared/result';
import { createStore } from '../lib/store.js';
import type { DriveState, DriveSync } from '../sync/drive-sync.js';
import { createDriveActions } from './drive-actions.js';
import { createToasts } from './toasts.js';

/** The drive sync's command path over a real replica, without Automerge or a relay. */
function localDrive(): { drive: DriveSync; replica: DriveReplica } {
  const replica = new DriveReplica(ActorId.parse('alpha'), {
    userId: 'u_test',
    device: 'Laptop',
    now: () => Date.UTC(2026, 0, 1),
    random: (n) => crypto.getRandomValues(new Uint8Array(n)),
  });
  const ready = (): DriveState => ({
    status: 'ready',
    tree: replica.tree(),
    log: replica.log,
    version: replica.log.size,
    unreadable: 0,
    newerSchema: false,
    retention: KEEP_ALL,
  });
  const state = createStore<DriveState>(ready());
  const drive: Pick<DriveSync, 'state' | 'run'> = {
    state,
    run(command) {
      const made = replica.run(command);
      state.set(ready());
      return made;
    },
  };
  return { drive: drive as DriveSync, replica };
}

function setUp() {
  const { drive, replica } = localDrive();
  const toasts = createToasts();
  const actions = createDriveActions(drive, toasts);
  const folder = (name: string, parent: NodeId = ROOT): NodeId => {
    const made = actions.createFolder(parent, name);
    if (!made.ok) throw new Error(made.error);
    return made.value;
  };
  const node = (id: NodeId) => replica.tree().nodes.get(id);
  const lastToast = () => toasts.list.get().at(-1);
  return { actions, folder, node, lastToast, toasts };
}

describe('drive actions: undo', () => {
  it('Ctrl+Z puts a moved item back, under the name it had', () => {
    const { actions, folder, node, lastToast } = setUp();
    const target = folder('Target');
    const a = folder('Report');
    folder('Report', target);
    expect(actions.move(a, target)).toBe(true);
    expect(node(a)?.parent).toBe(target);
    expect(node(a)?.name).not.toBe('Report');
    expect(lastToast()?.action?.label).toBe('Undo');
    actions.undo();
    expect(node(a)?.parent).toBe(ROOT);
    expect(node(a)?.name).toBe('Report');
    expect(lastToast()?.message).toBe('Undid moving “Report”');
  });

  it('undoes a rename, then the deletion before it, newest first', () => {
    const { actions, folder, node } = setUp();
    const gone = folder('Old');
    const kept = folder('Draft');
    actions.trashMany([gone]);
    expect(actions.rename(kept, 'Final')).toEqual(ok(undefined));
    actions.undo();
    expect(node(kept)?.name).toBe('Draft');
    expect(node(gone)?.inTrash).toBe(true);
    actions.undo();
    expect(node(gone)?.inTrash).toBe(false);
  });

  it("a toast's Undo undoes its own step once; Ctrl+Z then has nothing left", () => {
    const { actions, folder, node, lastToast } = setUp();
    const x = folder('x');
    const y = folder('y');
    actions.trashMany([x, y]);
    expect(lastToast()?.message).toBe('Moved 2 items to trash');
    lastToast()?.action?.run();
    expect(node(x)?.inTrash).toBe(false);
    expect(node(y)?.inTrash).toBe(false);
    actions.undo();
    expect(lastToast()?.message).toBe('Nothing to undo');
  });

  it('a bulk move is one step to undo', () => {
    const { actions, folder, node } = setUp();
    const into = folder('Into');
    const items = [folder('one'), folder('two'), folder('three')];
    expect(actions.moveMany(items, into)).toBe(true);
    expect(items.map((id) => node(id)?.parent)).toEqual([into, into, into]);
    actions.undo();
    expect(items.map((id) => node(id)?.parent)).toEqual([ROOT, ROOT, ROOT]);
  });

  it('an item moved into itself is refused, with nothing to undo', () => {
    const { actions, folder, node, lastToast } = setUp();
    const a = folder('a');
    expect(actions.moveMany([a], a)).toBe(false);
    expect(lastToast()?.tone).toBe('error');
    actions.undo();
    expect(node(a)?.parent).toBe(ROOT);
    expect(lastToast()?.message).toBe('Nothing to undo');
  });
});
