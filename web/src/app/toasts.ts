// Short messages at the bottom of the screen: what just happened (with an Undo when it can be
// undone) and readable errors. Each goes away by itself (errors stay a little longer), except a
// question, which waits for its answer or its dismissal.
import { createStore, type Store } from '../lib/store.js';

export type ToastAction = { readonly label: string; readonly run: () => void };

export type Toast = {
  readonly id: number;
  readonly message: string;
  readonly tone: 'info' | 'error';
  readonly action?: ToastAction;
};

export type Toasts = {
  readonly list: Store<readonly Toast[]>;
  readonly info: (message: string, action?: ToastAction) => void;
  readonly error: (message: string) => void;
  /** An info toast that stays until its action is taken or it is dismissed. */
  readonly ask: (message: string, action: ToastAction) => void;
  readonly dismiss: (id: number) => void;
};

const INFO_MS = 8_000;
const ERROR_MS = 10_000;
/** Older toasts give way: a burst of actions should not cover the screen. */
const MAX_SHOWN = 3;

export function createToasts(): Toasts {
  const list = createStore<readonly Toast[]>([]);
  let nextId = 1;
  const dismiss = (id: number): void => list.update((all) => all.filter((t) => t.id !== id));
  const show = (toast: Omit<Toast, 'id'>, ms: number | undefined): void => {
    const id = nextId++;
    list.update((all) => [...all, { ...toast, id }].slice(-MAX_SHOWN));
    if (ms !== undefined) setTimeout(() => dismiss(id), ms);
  };
  return {
    list,
    info: (message, action) => show({ message, tone: 'info', ...(action === undefined ? {} : { action }) }, INFO_MS),
    error: (message) => show({ message, tone: 'error' }, ERROR_MS),
    ask: (message, action) => show({ message, tone: 'info', action }, undefined),
    dismiss,
  };
}
