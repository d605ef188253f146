// When an access token expires, read from its JWT payload without checking the signature: the
// relay checks tokens, the app only needs to know when to ask for the next one.
import { z } from 'zod';

const Claims = z.object({ exp: z.number(), iat: z.number().optional() });

export type TokenTimes = {
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
  readonly issuedAt?: number;
};

/** The token's `exp` (and `iat`) in milliseconds, or undefined when it is not a readable JWT. */
export function tokenTimes(token: string): TokenTimes | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined || payload === '') return undefined;
  let json: unknown;
  try {
    const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  const claims = Claims.safeParse(json);
  if (!claims.success) return undefined;
  const { exp, iat } = claims.data;
  return iat === undefined ? { expiresAt: exp * 1000 } : { expiresAt: exp * 1000, issuedAt: iat * 1000 };
}
