// The signed-in session, kept in Dexie so that a reload or an offline start stays signed in.
// Rows are parsed on the way out: a row written by another version of the app is treated as
// signed out rather than half-used.
import { z } from 'zod';
import { DocUrl, FolderId, UserId } from '@sheaf/shared/ids';
import { toHex } from '@sheaf/shared/hex';
import type { SheafDb } from './db.js';
import { describeDevice } from './device-name.js';

export const Session = z.object({
  token: z.string().min(1),
  userId: UserId,
  driveUrl: DocUrl,
  rootFolderId: FolderId,
  email: z.string(),
  name: z.string(),
  deviceName: z.string(),
});
export type Session = z.infer<typeof Session>;

const DeviceNameRow = z.object({ id: z.literal('this'), name: z.string() });

export type SessionStore = {
  load(): Promise<Session | undefined>;
  save(session: Session): Promise<void>;
  clear(): Promise<void>;
  /** This device's name, made on first use and then kept across sign-outs. */
  deviceName(): Promise<string>;
};

export type DeviceFacts = {
  readonly userAgent: string;
  readonly brands: readonly string[];
  readonly randomBytes: (length: number) => Uint8Array;
};

export function createSessionStore(db: SheafDb, device: DeviceFacts): SessionStore {
  return {
    async load() {
      const row = await db.session.get('current');
      const parsed = Session.safeParse(row);
      return parsed.success ? parsed.data : undefined;
    },
    async save(session) {
      await db.session.put({ id: 'current', ...session });
    },
    async clear() {
      await db.session.delete('current');
    },
    deviceName: () =>
      db.transaction('rw', db.device, async () => {
        const existing = DeviceNameRow.safeParse(await db.device.get('this'));
        if (existing.success) return existing.data.name;
        const name = describeDevice(device.userAgent, device.brands, toHex(device.randomBytes(2)));
        await db.device.put({ id: 'this', name });
        return name;
      }),
  };
}
