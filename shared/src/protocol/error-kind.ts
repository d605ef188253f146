// The closed set of error kinds shared by relay and client; each maps to exactly one HTTP status.
import { z } from 'zod';

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  /** It existed and was removed for good (a version expired by the retention rule). */
  gone: 410,
  payload_too_large: 413,
  range_not_satisfiable: 416,
  unsupported_media_type: 415,
  hash_mismatch: 422,
  protocol_outdated: 426,
  rate_limited: 429,
  internal: 500,
  /** The upload would take the user past their storage quota. */
  quota_exceeded: 507,
  unavailable: 503,
} as const;

export type ErrorKind = keyof typeof ERROR_STATUS;
export const ErrorKind = z.enum(Object.keys(ERROR_STATUS) as [ErrorKind, ...ErrorKind[]]);

export const ErrorBody = z.object({
  error: z.object({
    kind: ErrorKind,
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
