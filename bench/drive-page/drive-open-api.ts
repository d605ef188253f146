// What the drive.open bench page offers the Node side. The page imports only the types; the
// drive.open entry parses what comes back through page.evaluate with these schemas, as with any
// wire data.
import { z } from 'zod';

/** automerge-repo's IndexedDB database in the app (web/src/sync/drive-sync.ts, not exported there). */
export const AUTOMERGE_DB = 'sheaf-automerge';
/** IndexedDBStorageAdapter's default object store, which the app does not override. */
export const AUTOMERGE_STORE = 'documents';

/** The drive as stored once, before any timed run. */
export const SeededDrive = z.object({
  /** The document's automerge URL, which the app keeps in its session. */
  url: z.string().startsWith('automerge:'),
  /** Bytes in automerge-repo's object store after the import was flushed. */
  storedBytes: z.number().int().positive(),
  records: z.number().int().positive(),
});
export type SeededDrive = z.infer<typeof SeededDrive>;

/** One timed open through the app's path, in milliseconds from the start of the timed function. */
export const OpenedDrive = z.object({
  /** openDriveSync until its state store says 'ready'. */
  readyMs: z.number().nonnegative().finite(),
  /** From 'ready' until React has committed the root folder's rows. */
  renderMs: z.number().nonnegative().finite(),
  totalMs: z.number().positive().finite(),
  /** Rows found in the DOM, checked against the folder's live children. */
  rows: z.number().int().positive(),
});
export type OpenedDrive = z.infer<typeof OpenedDrive>;

/** One timed read of the stored bytes alone. */
export const ReadBytes = z.object({
  ms: z.number().positive().finite(),
  bytes: z.number().int().positive(),
  records: z.number().int().positive(),
});
export type ReadBytes = z.infer<typeof ReadBytes>;

declare global {
  interface Window {
    /** Fetches an Automerge document saved by Node and stores it where the app keeps its drive. */
    seedDrive?: (path: string) => Promise<SeededDrive>;
    /** Opens the drive at `url` as the app does and renders its root folder's rows. */
    openDrive?: (url: string) => Promise<OpenedDrive>;
    /** Reads every record of automerge-repo's object store, and nothing else. */
    readDriveBytes?: () => Promise<ReadBytes>;
  }
}
