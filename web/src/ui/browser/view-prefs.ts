// How the user likes folders shown (list or grid, and the sort order), remembered on this device in
// localStorage and shared by every folder. Parsed on the way in: the stored value may be from an
// older app or edited by hand.
import { useSyncExternalStore } from 'react';
import { z } from 'zod';
import { createStore } from '../../lib/store.js';
import { BY_NAME, SORT_KEYS, type SortOrder } from './sort.js';

const KEY = 'sheaf.folder-view';

export const ViewPrefs = z.object({
  view: z.enum(['list', 'grid']),
  sort: z.object({ key: z.enum(SORT_KEYS), direction: z.enum(['ascending', 'descending']) }),
});
export type ViewPrefs = { readonly view: 'list' | 'grid'; readonly sort: SortOrder };

export const DEFAULT_PREFS: ViewPrefs = { view: 'list', sort: BY_NAME };

export function parsePrefs(stored: string | null): ViewPrefs {
  if (stored === null) return DEFAULT_PREFS;
  try {
    const parsed = ViewPrefs.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : DEFAULT_PREFS;
  } catch {
    return DEFAULT_PREFS;
  }
}

const storage = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);
const prefs = createStore<ViewPrefs>(parsePrefs(storage()?.getItem(KEY) ?? null));

export function setViewPrefs(next: ViewPrefs): void {
  prefs.set(next);
  try {
    storage()?.setItem(KEY, JSON.stringify(next));
  } catch {
    // A full or refused storage only loses the preference for the next visit.
  }
}

export const useViewPrefs = (): ViewPrefs => useSyncExternalStore(prefs.subscribe, prefs.get);
