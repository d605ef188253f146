// Branded ids: a value of these types can only come from a parser or a generator below,
// so a ChunkHash is never mixed up with a FileId at compile time.
import { z } from 'zod';

export const UserId = z
  .string()
  .regex(/^u_[0-9a-f]{32}$/, 'user id')
  .brand<'UserId'>();
export type UserId = z.infer<typeof UserId>;

export const DeviceId = z
  .string()
  .regex(/^d_[0-9a-f]{32}$/, 'device id')
  .brand<'DeviceId'>();
export type DeviceId = z.infer<typeof DeviceId>;

export const FileId = z
  .string()
  .regex(/^f_[0-9a-f]{32}$/, 'file id')
  .brand<'FileId'>();
export type FileId = z.infer<typeof FileId>;

export const FolderId = z
  .string()
  .regex(/^(root|fo_[0-9a-f]{32})$/, 'folder id')
  .brand<'FolderId'>();
export type FolderId = z.infer<typeof FolderId>;

/** Lower-case hex SHA-256: the address of a chunk in every store. */
export const ChunkHash = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'lower-case hex SHA-256')
  .brand<'ChunkHash'>();
export type ChunkHash = z.infer<typeof ChunkHash>;

/** An automerge-repo document URL (`automerge:<base58 id>`). */
export const DocUrl = z
  .string()
  .regex(/^automerge:[1-9A-HJ-NP-Za-km-z]+$/, 'automerge document url')
  .brand<'DocUrl'>();
export type DocUrl = z.infer<typeof DocUrl>;

/** 16 random bytes as hex; `randomBytes` is injected so that tests can make ids deterministic. */
export type RandomBytes = (length: number) => Uint8Array;

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export const newUserId = (random: RandomBytes): UserId => UserId.parse(`u_${hex(random(16))}`);
export const newDeviceId = (random: RandomBytes): DeviceId => DeviceId.parse(`d_${hex(random(16))}`);
export const newFileId = (random: RandomBytes): FileId => FileId.parse(`f_${hex(random(16))}`);
export const newFolderId = (random: RandomBytes): FolderId => FolderId.parse(`fo_${hex(random(16))}`);
