// GET /api/v1/audit: the caller's security events. Sign-ins and failures, devices signed out,
// refresh tokens reused, deletes and purges. Read forwards (oldest first, paged by `after`, the last
// `seq` seen) to follow the log, or backwards (newest first, paged by `before`, the oldest `seq`
// seen) to show it to a person, who wants the latest events on top.
import { z } from 'zod';
import { IsoTime } from './drive-item.js';
import { queryInt } from './query-int.js';

export const MAX_AUDIT_PAGE = 500;
/** Higher than any seq: `before=AUDIT_SEQ_END` asks for the newest events. */
export const AUDIT_SEQ_END = 999_999_999;

export const AuditQuery = z.object({
  after: queryInt(0, AUDIT_SEQ_END)
    .default(0)
    .describe('only events with a higher seq: the last event already seen. Without `before`, oldest first'),
  before: queryInt(1, AUDIT_SEQ_END)
    .optional()
    .describe(
      `only events with a lower seq, newest first: the oldest event already seen, or ${AUDIT_SEQ_END} for the newest page`,
    ),
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

export const AuditResponse = z.object({
  events: z.array(AuditEventBody),
  /** Whether more events lie past the page's end in the order asked: later ones, or with `before`, older. */
  hasMore: z.boolean(),
});
export type AuditResponse = z.infer<typeof AuditResponse>;
