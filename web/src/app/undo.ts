// The undo stack of the drive view: the last moves, renames and deletions, newest on top. Ctrl+Z
// takes the newest; a toast's Undo takes its own entry wherever it is in the stack, so that the two
// never undo the same change twice.

export type UndoEntry = {
  readonly id: number;
  /** What is undone, in the user's words: "moving “notes.txt”". */
  readonly label: string;
  /** Makes the change back; false when it could not (the drive has moved on), reported by itself. */
  readonly undo: () => boolean;
};

export type UndoStack = {
  /** Records how to undo a change just made; answers the entry's id for a toast to take. */
  push(label: string, undo: () => boolean): number;
  /** Undoes the newest change; undefined when there is nothing to undo. */
  undoLast(): { readonly entry: UndoEntry; readonly undone: boolean } | undefined;
  /** Undoes this entry if it is still there; false when it was undone already or failed. */
  undo(id: number): boolean;
  readonly size: () => number;
};

/** Older entries fall off: nobody undoes fifty steps back, and each holds a closure over names. */
export const UNDO_LIMIT = 50;

export function createUndoStack(limit = UNDO_LIMIT): UndoStack {
  let entries: UndoEntry[] = [];
  let nextId = 1;
  return {
    push(label, undo) {
      const id = nextId++;
      entries = [...entries, { id, label, undo }].slice(-limit);
      return id;
    },
    undoLast() {
      const entry = entries.at(-1);
      if (entry === undefined) return undefined;
      entries = entries.slice(0, -1);
      return { entry, undone: entry.undo() };
    },
    undo(id) {
      const entry = entries.find((e) => e.id === id);
      if (entry === undefined) return false;
      entries = entries.filter((e) => e.id !== id);
      return entry.undo();
    },
    size: () => entries.length,
  };
}
