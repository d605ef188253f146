// POST /api/v1/auth/register, seed section 4.1: { email, password, name } -> { userId, token }.
// `rootFolderId` and `driveUrl` are ours: where the new user's drive lives.
import { z } from 'zod';
import { DocUrl, FolderId, UserId } from '../ids.js';

export const Email = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const Password = z.string().min(8, 'at least 8 characters').max(1024);

export const RegisterRequest = z.object({
  email: Email,
  password: Password,
  name: z.string().trim().min(1).max(200),
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const RegisterResponse = z.object({
  userId: UserId,
  token: z.string(),
  rootFolderId: FolderId,
  driveUrl: DocUrl,
});
export type RegisterResponse = z.infer<typeof RegisterResponse>;
