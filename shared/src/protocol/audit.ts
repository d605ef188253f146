// GET /api/v1/audit: the caller's security events, oldest first, paged by `after` (the last `seq`
// seen). Sign-ins and failures, devices signed out, refresh tokens reused, deletes and purges.
import { z } from 'zod';
import { IsoTime } from './drive-item.js';
import { queryInt } from './query-int.js';

export const MAX_AUDIT_PAGE = 500;

export const AuditQuery = z.object({
  after: queryInt(0, 999_999_999).default(0).describe('the seq of the last event already seen'),
  limit: queryInt(1, MAX_AUDIT_PAGE).default(100),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEventBody = z.object({
  seq: z.number().int().positive(),
  at: IsoTime,
  kind: z.string(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type AuditEventBody = z.infer<typeof AuditEventBody>;

export const AuditResponse = z.object({ events: z.array(AuditEventBody), hasMore: z.boolean() });
export type AuditResponse = z.infer<typeof AuditResponse>;
