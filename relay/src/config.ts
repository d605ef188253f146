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
  /** Comma-separated origins of an app hosted elsewhere that may call the relay (CORS, /sync). */
  APP_ORIGINS: z
    .string()
    .default('')
    .transform((list, ctx) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== '')
        .map((origin) => {
          const parsed = URL.canParse(origin) ? new URL(origin).origin : 'null';
          if (parsed === 'null' || parsed !== origin) {
            ctx.addIssue({ code: 'custom', message: `not an origin (scheme://host[:port]): ${origin}` });
          }
          return origin;
        }),
    ),
  /** PEM files: with both, the relay serves HTTPS (and HSTS); without, plain HTTP. */
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
  /** The key chunks are sealed with at rest (64 hex digits or base64url); else DATA_DIR/master.key. */
  SHEAF_MASTER_KEY: z.string().min(1).optional(),
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
  /** Origins besides the relay's own whose pages may call it. */
  readonly appOrigins: readonly string[];
  /** Where the certificate and key are, when the relay serves HTTPS. */
  readonly tls: { readonly certPath: string; readonly keyPath: string } | undefined;
  /** SHEAF_MASTER_KEY as given, parsed by master-key.ts; undefined: the key file in the data directory. */
  readonly masterKey: string | undefined;
};

export function configFromEnv(env: NodeJS.ProcessEnv): RelayConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  if ((e.TLS_CERT === undefined) !== (e.TLS_KEY === undefined)) {
    throw new Error('invalid configuration: TLS_CERT and TLS_KEY go together (both or neither)');
  }
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
    appOrigins: e.APP_ORIGINS,
    masterKey: e.SHEAF_MASTER_KEY,
    tls:
      e.TLS_CERT === undefined || e.TLS_KEY === undefined
        ? undefined
        : { certPath: resolve(e.TLS_CERT), keyPath: resolve(e.TLS_KEY) },
    rateLimits: {
      requestsPerIpPerHour: e.RATE_IP_PER_HOUR,
      requestsPerUserPerHour: e.RATE_USER_PER_HOUR,
      transfersPerUserPerHour: e.RATE_TRANSFERS_PER_HOUR,
      loginFailuresPerAccount: e.LOGIN_FAILURES_PER_ACCOUNT,
      loginFailuresPerIp: e.LOGIN_FAILURES_PER_IP,
    },
  };
}
