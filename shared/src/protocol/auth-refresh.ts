// POST /api/v1/auth/refresh: a refresh token for a new access token and the refresh token's successor.
// Each refresh token works once; a second use revokes the device's sign-in (it was copied).
import { z } from 'zod';

export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(200) });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const RefreshResponse = z.object({ token: z.string(), refreshToken: z.string() });
export type RefreshResponse = z.infer<typeof RefreshResponse>;
