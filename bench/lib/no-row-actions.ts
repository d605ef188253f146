// A file row's actions for pages that only render rows (bench/drive-page, bench/folder-page): none
// is ever used, rendering only needs them to exist.
import type { RowActions } from '../../web/src/ui/FileRow.js';

const nothing = (): undefined => undefined;

export const noRowActions: RowActions = {
  open: nothing,
  download: nothing,
  startRename: nothing,
  rename: nothing,
  cancelRename: nothing,
  renameError: nothing,
  move: nothing,
  copy: nothing,
  versions: nothing,
  activity: nothing,
  trash: nothing,
  dropInto: nothing,
};
