// Rate limits (seed 6.8) with rate-limiter-flexible's in-memory token buckets: one relay process
// holds them all, so memory is the right store; a deployment of several relays would move them to
// a shared store the library supports (Redis, Postgres) behind this same interface.
// Buckets: every request per client IP; API requests per user; chunk transfers per user apart (a
// folder of 10,000 small files is 10,000 chunk requests, and bytes are bounded by the quota instead);
// failed sign-ins per account and per IP, so guessing a password is slowed to a crawl.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { fail, type ApiFailure } from './api-error.js';

export type RateLimitConfig = {
  readonly requestsPerIpPerHour: number;
  readonly requestsPerUserPerHour: number;
  readonly transfersPerUserPerHour: number;
  /** Failed sign-ins allowed per account, and per IP, in 15 minutes. */
  readonly loginFailuresPerAccount: number;
  readonly loginFailuresPerIp: number;
};

export type RateLimits = {
  /** Counts a request from `ip`; a failure when the IP is over its limit. */
  ip(ip: string): Promise<ApiFailure | undefined>;
  /** Counts a request by `user` in the bucket of its kind. */
  user(user: string, bucket: 'api' | 'transfer'): Promise<ApiFailure | undefined>;
  /** Whether a sign-in may be tried now (counts nothing). */
  signInAllowed(email: string, ip: string): Promise<ApiFailure | undefined>;
  signInFailed(email: string, ip: string): Promise<void>;
  signInSucceeded(email: string): Promise<void>;
  /** Whether a network may try something that probes accounts (a sign-up), counted with failed sign-ins. */
  probeAllowed(ip: string): Promise<ApiFailure | undefined>;
  /** A probe that told the network something about an account (an email already taken). */
  probeFailed(ip: string): Promise<void>;
};

const HOUR_S = 3600;
const LOGIN_WINDOW_S = 15 * 60;

const tooMany = (res: RateLimiterRes, what: string): ApiFailure => {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return fail('rate_limited', `${what}: try again in ${seconds} s`, { headers: { 'Retry-After': String(seconds) } });
};

async function take(limiter: RateLimiterMemory, key: string, what: string): Promise<ApiFailure | undefined> {
  try {
    await limiter.consume(key);
    return undefined;
  } catch (rejection) {
    // The library rejects with its result when over the limit; anything else is a bug.
    if (rejection instanceof RateLimiterRes) return tooMany(rejection, what);
    throw rejection;
  }
}

export function createRateLimits(config: RateLimitConfig): RateLimits {
  const perIp = new RateLimiterMemory({ keyPrefix: 'ip', points: config.requestsPerIpPerHour, duration: HOUR_S });
  const perUser = new RateLimiterMemory({ keyPrefix: 'user', points: config.requestsPerUserPerHour, duration: HOUR_S });
  const transfers = new RateLimiterMemory({
    keyPrefix: 'transfer',
    points: config.transfersPerUserPerHour,
    duration: HOUR_S,
  });
  const failedByAccount = new RateLimiterMemory({
    keyPrefix: 'login-account',
    points: config.loginFailuresPerAccount,
    duration: LOGIN_WINDOW_S,
  });
  const failedByIp = new RateLimiterMemory({
    keyPrefix: 'login-ip',
    points: config.loginFailuresPerIp,
    duration: LOGIN_WINDOW_S,
  });

  const blocked = async (
    limiter: RateLimiterMemory,
    key: string,
    points: number,
  ): Promise<RateLimiterRes | undefined> => {
    const state = await limiter.get(key);
    return state !== null && state.consumedPoints >= points ? state : undefined;
  };

  return {
    ip: (ip) => take(perIp, ip, 'Too many requests from this network'),
    user: (user, bucket) =>
      bucket === 'transfer'
        ? take(transfers, user, 'Too many transfers for this account')
        : take(perUser, user, 'Too many requests for this account'),
    async signInAllowed(email, ip) {
      const byAccount = await blocked(failedByAccount, email, config.loginFailuresPerAccount);
      const byIp = await blocked(failedByIp, ip, config.loginFailuresPerIp);
      const worst = [byAccount, byIp].filter((r) => r !== undefined).sort((a, b) => b.msBeforeNext - a.msBeforeNext)[0];
      // The same words whether the account exists or not: the limit reveals nothing about it.
      return worst === undefined ? undefined : tooMany(worst, 'Too many failed sign-ins');
    },
    async signInFailed(email, ip) {
      // Over the limit is no error here: the next attempt is refused by signInAllowed.
      await failedByAccount.penalty(email);
      await failedByIp.penalty(ip);
    },
    async signInSucceeded(email) {
      await failedByAccount.delete(email);
    },
    async probeAllowed(ip) {
      const byIp = await blocked(failedByIp, ip, config.loginFailuresPerIp);
      return byIp === undefined ? undefined : tooMany(byIp, 'Too many failed attempts from this network');
    },
    async probeFailed(ip) {
      await failedByIp.penalty(ip);
    },
  };
}
