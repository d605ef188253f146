import { describe, expect, it } from 'vitest';
import { tokenTimes } from './access-token.js';

const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: unknown): string => `${part({ alg: 'HS256' })}.${part(payload)}.signature`;

describe('tokenTimes', () => {
  it('reads exp and iat in milliseconds', () => {
    expect(tokenTimes(jwt({ sub: 'u', exp: 1_700_003_600, iat: 1_700_000_000 }))).toEqual({
      expiresAt: 1_700_003_600_000,
      issuedAt: 1_700_000_000_000,
    });
    expect(tokenTimes(jwt({ exp: 1_700_003_600 }))).toEqual({ expiresAt: 1_700_003_600_000 });
  });

  it('reads payloads that need base64url characters and no padding', () => {
    // "~~~" and "???" encode to "-" and "_" in base64url.
    expect(tokenTimes(jwt({ exp: 5, name: '~~~???é' }))).toEqual({ expiresAt: 5_000 });
  });

  it('gives undefined for anything that is not a JWT with a numeric exp', () => {
    for (const token of ['', 'opaque', 'a.b.c', `x.${part({ exp: 'soon' })}.y`, `x.${part({ iat: 1 })}.y`, 'x..y']) {
      expect(tokenTimes(token)).toBeUndefined();
    }
  });
});
