import { describe, expect, it } from 'vitest';
import { NodeId, ROOT } from '@sheaf/shared/drive/node-id';
import { parseRoute, routeHash } from './navigation.js';

describe('routes', () => {
  it('round-trips folders and the trash through the hash', () => {
    const folder = NodeId.parse(`fo_${'a'.repeat(32)}`);
    for (const route of [{ view: 'trash' } as const, { view: 'folder', folder } as const]) {
      expect(parseRoute(routeHash(route))).toEqual(route);
    }
    expect(routeHash({ view: 'folder', folder: ROOT })).toBe('#/');
  });

  it('falls back to My Drive for anything else', () => {
    expect(parseRoute('')).toEqual({ view: 'folder', folder: ROOT });
    expect(parseRoute('#/folder/not-an-id')).toEqual({ view: 'folder', folder: ROOT });
  });
});
