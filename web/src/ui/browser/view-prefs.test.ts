import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFS, parsePrefs } from './view-prefs.js';

describe('parsePrefs', () => {
  it('reads what was stored', () => {
    const stored = { view: 'grid', sort: { key: 'size', direction: 'descending' } };
    expect(parsePrefs(JSON.stringify(stored))).toEqual(stored);
  });

  it('falls back to the list by name for nothing, junk or an unknown value', () => {
    expect(parsePrefs(null)).toEqual(DEFAULT_PREFS);
    expect(parsePrefs('{not json')).toEqual(DEFAULT_PREFS);
    expect(parsePrefs(JSON.stringify({ view: 'tiles', sort: { key: 'name', direction: 'ascending' } }))).toEqual(
      DEFAULT_PREFS,
    );
  });
});
