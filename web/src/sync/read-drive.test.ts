import { describe, expect, it } from 'vitest';
import { readDrive } from './read-drive.js';

const entry = (id: string, name: string, createdAt: number): Record<string, unknown> => ({
  id,
  name,
  parentId: 'root',
  size: 3,
  mediaType: 'text/plain',
  manifest: { size: 3, chunks: [{ hash: 'a'.repeat(64), size: 3 }] },
  createdAt,
  createdBy: 'u_' + '0'.repeat(32),
  deviceName: 'Chromium on Linux · 0000',
});

describe('readDrive', () => {
  it('lists valid entries newest first and counts the ones it cannot read', () => {
    const older = entry('f_' + '1'.repeat(32), 'older.txt', 1);
    const newer = entry('f_' + '2'.repeat(32), 'newer.txt', 2);
    const drive = readDrive({ schemaVersion: 1, files: { a: older, b: newer, c: { name: 42 } } });
    expect(drive.files.map((f) => f.name)).toEqual(['newer.txt', 'older.txt']);
    expect(drive.unreadable).toBe(1);
    expect(drive.newerSchema).toBe(false);
  });

  it('reads an empty drive and flags a newer schema', () => {
    expect(readDrive({ schemaVersion: 1, files: {} }).files).toEqual([]);
    expect(readDrive({ schemaVersion: 2, files: {} }).newerSchema).toBe(true);
  });

  it('shows nothing for something that is not a drive', () => {
    expect(readDrive(undefined)).toEqual({ files: [], unreadable: 0, newerSchema: false });
  });
});
