// React's view of the modules' stores.
import { useSyncExternalStore } from 'react';
import type { Store } from '../lib/store.js';

export const useStore = <T>(store: Store<T>): T => useSyncExternalStore(store.subscribe, store.get);

const noSubscription = (): (() => void) => () => undefined;

/** `useStore` for a store that may not exist yet (a workspace still opening). */
export function useOptionalStore<T>(store: Store<T> | undefined): T | undefined {
  return useSyncExternalStore(store?.subscribe ?? noSubscription, () => store?.get());
}
