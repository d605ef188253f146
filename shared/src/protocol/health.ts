// GET /api/v1/health: liveness for load balancers and the README's smoke check.
import { z } from 'zod';

export const HealthResponse = z.object({
  status: z.literal('ok'),
  protocolVersion: z.number().int(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;
