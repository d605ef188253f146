// The signed-in session, kept in Dexie so that a reload or an offline start stays signed in.
// Rows are parsed on the way out: a row written by another version of the app is treated as
// signed out rather than half-used. A row saved before devices and refresh tokens existed still
// loads; its access token then lasts until it expires, and the app asks for a sign-in after that.
import { z } from 'zod';
import { DeviceId, DocUrl, FolderId, UserId } from '@sheaf/shared/ids';
import { toHex } from '@sheaf/shared/hex';
import type { SheafDb } from './db.js';
import { describeDevice, describePlatform } from './device-name.js';

/** Who is signed in and where their drive is: what the screens show and the workspace opens. */
export const Session = z.object({
  userId: UserId,
  driveUrl: DocUrl,
  rootFolderId: FolderId,
  email: z.string(),
  name: z.string(),
  deviceName: z.string(),
  /** This sign-in as the relay lists it among the account's devices. */
  deviceId: DeviceId.optional(),
});
export type Session = z.infer<typeof Session>;

/** The session's credentials, which change every hour or so and are kept apart from the rest. */
export const Tokens = z.object({
  /** The access token, a short-lived JWT. */
  token: z.string().min(1),
  /** Works once: each refresh hands out its successor, which must be saved before anything else. */
  refreshToken: z.string().min(1).optional(),
});
export type Tokens = z.infer<typeof Tokens>;

/** The stored row: the session and its current tokens. */
export const SavedSession = Session.extend(Tokens.shape);
export type SavedSession = z.infer<typeof SavedSession>;

const DeviceNameRow = z.object({ id: z.literal('this'), name: z.string() });

export type SessionStore = {
  load(): Promise<SavedSession | undefined>;
  save(session: SavedSession): Promise<void>;
  clear(): Promise<void>;
  /** This device's name, made on first use and then kept across sign-outs. */
  deviceName(): Promise<string>;
  /** What this device runs, as the list of signed-in devices shows it: "Web (Chromium, Linux)". */
  platform(): string;
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
      const parsed = SavedSession.safeParse(row);
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
    platform: () => describePlatform(device.userAgent, device.brands),
  };
}
