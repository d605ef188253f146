// The names children get in each folder: every live child keeps the name it asks for unless another
// has the same key (case-insensitively, names.ts); then the smallest rank keeps it and the others are
// numbered. A folder's state (which child holds which key) lets a change that collides with nobody
// settle in constant time.
import type { EngineState, FolderNames, Proto } from './engine-state.js';
import { nameKey, resolveSiblingNames, type ValidName } from './names.js';
import type { NodeId } from './node-id.js';

function contender(s: EngineState, id: NodeId, folder: NodeId): Proto | undefined {
  const p = s.protos.get(id);
  return p !== undefined && p.parent === folder && !s.purged.has(id) && !s.trashedBy.has(id) ? p : undefined;
}

function give(s: EngineState, p: Proto, name: ValidName, mark: boolean): void {
  if (p.settled === name) return;
  p.settled = name;
  if (mark) s.dirtyNodes.add(p.id);
}

/**
 * Every live child of the folder takes part. `mark`: add the children whose name changed to the
 * nodes to rebuild (a full build rebuilds them all anyway).
 */
export function settleNames(s: EngineState, folder: NodeId, mark: boolean): void {
  const state: FolderNames = { keys: new Map(), keyOf: new Map(), numbered: 0 };
  s.folderNames.set(folder, state);
  const contenders: Proto[] = [];
  let collided = false;
  for (const id of s.children.get(folder) ?? []) {
    const p = contender(s, id, folder);
    if (p === undefined) continue;
    contenders.push(p);
    const key = nameKey(p.desired);
    if (state.keys.has(key)) collided = true;
    else if (!collided) {
      state.keys.set(key, id);
      state.keyOf.set(id, key);
    }
  }
  // Nearly always: no two children ask for one name, and each gets its own.
  if (!collided) {
    for (const p of contenders) give(s, p, p.desired, mark);
    return;
  }
  state.keys.clear();
  state.keyOf.clear();
  const resolved = resolveSiblingNames(
    contenders.map((p) => ({ id: p.id, name: p.desired, rank: `${p.rank}|${p.id}` })),
  );
  const byId = new Map<string, Proto>(contenders.map((p) => [p.id, p]));
  for (const [id, name] of resolved) {
    const p = byId.get(id);
    if (p === undefined) continue;
    const key = nameKey(name);
    state.keys.set(key, p.id);
    state.keyOf.set(p.id, key);
    if (name !== p.desired) state.numbered += 1;
    give(s, p, name, mark);
  }
}

/**
 * The common case in constant time: no name in the folder is numbered and the changed children
 * collide with nobody, so each keeps the name it asked for. False (state half-updated, to be
 * rebuilt by settleNames) when a collision needs the whole folder.
 */
export function settleNamesInPlace(
  s: EngineState,
  folder: NodeId,
  state: FolderNames,
  changed: ReadonlySet<NodeId>,
): boolean {
  if (state.numbered > 0) return false;
  for (const id of changed) {
    const key = state.keyOf.get(id);
    if (key !== undefined && state.keys.get(key) === id) state.keys.delete(key);
    state.keyOf.delete(id);
  }
  for (const id of changed) {
    const p = contender(s, id, folder);
    if (p === undefined) continue;
    const key = nameKey(p.desired);
    if (state.keys.has(key)) return false;
    state.keys.set(key, id);
    state.keyOf.set(id, key);
    give(s, p, p.desired, true);
  }
  return true;
}

/** Whether a live child of `folder` other than `except` holds a name with this key. */
export function nameTaken(s: EngineState, folder: NodeId, name: string, except?: NodeId): boolean {
  const holder = s.folderNames.get(folder)?.keys.get(nameKey(name));
  return holder !== undefined && holder !== except;
}

/** The live child of `folder` holding a name with this key, if any. */
export function nameHolder(s: EngineState, folder: NodeId, name: string): NodeId | undefined {
  return s.folderNames.get(folder)?.keys.get(nameKey(name));
}
