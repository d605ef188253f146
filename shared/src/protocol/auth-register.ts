// POST /api/v1/auth/register, seed section 4.1: { email, password, name } -> { userId, token }.
// `rootFolderId` and `driveUrl` are ours: where the new user's drive lives.
import { z } from 'zod';
import { DeviceId, DocUrl, FolderId, UserId } from '../ids.js';

export const Email = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const Password = z.string().min(8, 'at least 8 characters').max(1024);

/** What a signing-in client says about itself; shown in the list of signed-in devices. */
export const DeviceInfo = z.object({
  name: z.string().trim().min(1).max(100),
  platform: z.string().trim().min(1).max(100),
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

export const RegisterRequest = z.object({
  email: Email,
  password: Password,
  name: z.string().trim().min(1).max(200),
  device: DeviceInfo.optional(),
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const RegisterResponse = z.object({
  userId: UserId,
  token: z.string(),
  refreshToken: z.string(),
  deviceId: DeviceId.describe('this sign-in, as listed in /api/v1/devices'),
  rootFolderId: FolderId,
  driveUrl: DocUrl,
});
export type RegisterResponse = z.infer<typeof RegisterResponse>;
