// Access tokens: short-lived HS256 JWTs (jose) whose subject is the user id and whose `sid` names
// the signed-in device; revoking the device ends the token (see sessions.ts), so no list of revoked
// token ids is kept.
import { webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { DeviceId, UserId } from '@sheaf/shared/ids';
import { type Result, err, ok } from '@sheaf/shared/result';
import type { Clock } from '../clock.js';

export type AccessClaims = {
  readonly userId: UserId;
  /** The signed-in device the token belongs to: revoking it ends the token. */
  readonly sessionId: DeviceId;
  readonly tokenId: string;
  readonly expiresAt: number;
};

export type TokenIssuer = {
  issue(userId: UserId, sessionId: DeviceId, tokenId: string): Promise<string>;
  verify(token: string): Promise<Result<AccessClaims, 'invalid' | 'expired'>>;
};

const ISSUER = 'sheaf-relay';

export function createTokenIssuer(key: Uint8Array, ttlSeconds: number, clock: Clock): TokenIssuer {
  // Imported once: given raw bytes, jose imports a CryptoKey on every call, and every request
  // verifies a token (about 1 ms each, measured in a profile of many small uploads).
  let hmacKey: Promise<webcrypto.CryptoKey> | undefined;
  const keyOf = (): Promise<webcrypto.CryptoKey> =>
    (hmacKey ??= webcrypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']));
  return {
    async issue(userId, sessionId, tokenId) {
      const now = Math.floor(clock.now() / 1000);
      return new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setJti(tokenId)
        .setIssuer(ISSUER)
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .sign(await keyOf());
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, await keyOf(), {
          issuer: ISSUER,
          algorithms: ['HS256'],
          currentDate: new Date(clock.now()),
        });
        const userId = UserId.safeParse(payload.sub);
        const sessionId = DeviceId.safeParse(payload['sid']);
        if (
          !userId.success ||
          !sessionId.success ||
          typeof payload.jti !== 'string' ||
          typeof payload.exp !== 'number'
        ) {
          return err('invalid');
        }
        return ok({
          userId: userId.data,
          sessionId: sessionId.data,
          tokenId: payload.jti,
          expiresAt: payload.exp * 1000,
        });
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) return err('expired');
        if (error instanceof joseErrors.JOSEError) return err('invalid');
        throw error;
      }
    },
  };
}
