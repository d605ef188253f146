// POST /api/v1/auth/login, seed section 4.1: { email, password } -> { userId, token, refreshToken }.
import { z } from 'zod';
import { DeviceId, DocUrl, FolderId, UserId } from '../ids.js';
import { DeviceInfo, Email } from './auth-register.js';

export const LoginRequest = z.object({
  email: Email,
  password: z.string().min(1).max(1024),
  device: DeviceInfo.optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.object({
  userId: UserId,
  token: z.string(),
  refreshToken: z.string(),
  deviceId: DeviceId,
  name: z.string().describe('the display name given at sign-up'),
  rootFolderId: FolderId,
  driveUrl: DocUrl,
});
export type LoginResponse = z.infer<typeof LoginResponse>;
