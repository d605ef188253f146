// The change feed's cursor (seed 4.4 calls it `lastSyncTimestamp`/`nextSyncTimestamp`/`syncToken`).
// It is not a time: it is the relay's sequence number of the last change a reader has seen, as a
// decimal string that clients keep and send back without reading it. Changes are numbered in the
// order the relay recorded them, so "everything after cursor c" never skips or repeats a change,
// whatever the devices' clocks say. "0" (or an empty/absent value) means from the beginning.
import { z } from 'zod';

/** Up to 15 digits keeps every cursor a safe integer on both sides. */
export const SyncCursor = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,14})$/, 'sync cursor: a token from the relay')
  .brand<'SyncCursor'>();
export type SyncCursor = z.infer<typeof SyncCursor>;

/** The cursor before the first change: a reader that holds it is given everything. */
export const BEGINNING_CURSOR = SyncCursor.parse('0');
