// The relay's configuration, read from the environment once in main.ts and passed in everywhere else.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { RateLimitConfig } from './http/rate-limits.js';

export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  WEB_DIR: z.string().min(1).default(DEFAULT_WEB_DIR),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
  /** A week: a device offline with uploaded chunks but no version written yet keeps them that long. */
  CHUNK_GRACE_HOURS: z.coerce.number().nonnegative().default(168),
  /** Each user's storage quota, in GiB (1024³ bytes) of logical size. */
  QUOTA_GIB: z.coerce.number().nonnegative().default(15),
  RATE_IP_PER_HOUR: z.coerce.number().int().positive().default(5000),
  RATE_USER_PER_HOUR: z.coerce.number().int().positive().default(1000),
  RATE_TRANSFERS_PER_HOUR: z.coerce.number().int().positive().default(100_000),
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  LOGIN_FAILURES_PER_IP: z.coerce.number().int().positive().default(100),
  /** 0 turns scheduled collection off. */
  COLLECT_INTERVAL_MINUTES: z.coerce.number().nonnegative().default(360),
});

export type RelayConfig = {
  readonly port: number;
  readonly host: string | undefined;
  readonly dataDir: string;
  /** The built PWA; the relay serves it when the folder exists. */
  readonly webDir: string;
  readonly logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  readonly accessTokenTtlSeconds: number;
  /** How long an unreferenced chunk is kept after it was last uploaded or claimed. */
  readonly chunkGraceMs: number;
  readonly rateLimits: RateLimitConfig;
  /** Each user's storage quota in bytes. */
  readonly quotaBytes: number;
  /** How often the chunk collector runs; 0: never on its own. */
  readonly collectIntervalMs: number;
};

export function configFromEnv(env: NodeJS.ProcessEnv): RelayConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    webDir: resolve(e.WEB_DIR),
    logLevel: e.LOG_LEVEL,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    chunkGraceMs: e.CHUNK_GRACE_HOURS * 3_600_000,
    collectIntervalMs: e.COLLECT_INTERVAL_MINUTES * 60_000,
    quotaBytes: Math.round(e.QUOTA_GIB * 1024 ** 3),
    rateLimits: {
      requestsPerIpPerHour: e.RATE_IP_PER_HOUR,
      requestsPerUserPerHour: e.RATE_USER_PER_HOUR,
      transfersPerUserPerHour: e.RATE_TRANSFERS_PER_HOUR,
      loginFailuresPerAccount: e.LOGIN_FAILURES_PER_ACCOUNT,
      loginFailuresPerIp: e.LOGIN_FAILURES_PER_IP,
    },
  };
}
