// What the ui.folder_10k bench page offers the Node side; the entry parses what comes back.
import { z } from 'zod';

/** One timed render of a folder of `items` children through the app's FileList. */
export const RenderedFolder = z.object({
  items: z.number().int().positive(),
  /** From sorting the children to the list laid out (React committed, layout forced). */
  ms: z.number().positive().finite(),
  /** Rows in the DOM: all of a small folder, the visible window of a large one. */
  rows: z.number().int().positive(),
  /** After jumping to the middle of the list: until the rows there are laid out. */
  scrollMs: z.number().nonnegative().finite(),
});
export type RenderedFolder = z.infer<typeof RenderedFolder>;

declare global {
  interface Window {
    /** Renders a synthetic folder of `items` children, measures, and unmounts it. */
    renderFolder?: (items: number) => Promise<RenderedFolder>;
  }
}
