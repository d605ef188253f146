import { describe, expect, it } from 'vitest';
import { createUndoStack } from './undo.js';

describe('undo stack', () => {
  it('undoes the newest change first, then the one before', () => {
    const undone: string[] = [];
    const stack = createUndoStack();
    stack.push('moving a', () => undone.push('a') > 0);
    stack.push('renaming b', () => undone.push('b') > 0);
    expect(stack.undoLast()?.entry.label).toBe('renaming b');
    expect(stack.undoLast()?.entry.label).toBe('moving a');
    expect(stack.undoLast()).toBeUndefined();
    expect(undone).toEqual(['b', 'a']);
  });

  it('a toast undoes its own entry once, and Ctrl+Z then skips it', () => {
    const undone: string[] = [];
    const stack = createUndoStack();
    const first = stack.push('first', () => undone.push('first') > 0);
    stack.push('second', () => undone.push('second') > 0);
    expect(stack.undo(first)).toBe(true);
    expect(stack.undo(first)).toBe(false);
    expect(stack.undoLast()?.entry.label).toBe('second');
    expect(stack.size()).toBe(0);
    expect(undone).toEqual(['first', 'second']);
  });

  it('reports an undo that failed, and forgets it', () => {
    const stack = createUndoStack();
    stack.push('gone', () => false);
    expect(stack.undoLast()?.undone).toBe(false);
    expect(stack.size()).toBe(0);
  });

  it('keeps only the newest entries', () => {
    const stack = createUndoStack(2);
    for (const label of ['a', 'b', 'c']) stack.push(label, () => true);
    expect(stack.size()).toBe(2);
    expect(stack.undoLast()?.entry.label).toBe('c');
    expect(stack.undoLast()?.entry.label).toBe('b');
    expect(stack.undoLast()).toBeUndefined();
  });
});
