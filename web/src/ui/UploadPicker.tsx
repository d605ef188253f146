// A button that opens the file chooser, or the folder chooser: a styled label around a visually
// hidden file input, so the input keeps its label ("Upload files", "Upload folder") for assistive
// technology and for tests. A folder comes with each file's path below it (`webkitRelativePath`).
import type { ChangeEvent, ReactNode } from 'react';
import { relativePath, type Picked } from '../transfer/folder-plan.js';
import { FolderUploadIcon, UploadIcon } from './icons.js';

type UploadPickerProps = {
  readonly label: string;
  readonly onPick: (picked: Picked) => void;
  readonly variant?: 'primary' | 'secondary';
  /** Chooses a whole folder rather than files. */
  readonly directory?: boolean;
};

export function UploadPicker({ label, onPick, variant = 'primary', directory = false }: UploadPickerProps): ReactNode {
  const onChange = (event: ChangeEvent<HTMLInputElement>): void => {
    const files = Array.from(event.target.files ?? []);
    // Cleared so that choosing the same file again still fires a change.
    event.target.value = '';
    if (files.length > 0)
      onPick({ files: files.map((file) => ({ file, path: relativePath(file) })), emptyFolders: [] });
  };
  return (
    <label className={`button ${variant} file-picker`}>
      <input
        className="visually-hidden"
        type="file"
        multiple
        onChange={onChange}
        // React has no prop for it: set on the element, it makes the chooser pick a folder.
        ref={(input) => {
          if (input !== null) input.webkitdirectory = directory;
        }}
      />
      {directory ? <FolderUploadIcon size={18} /> : <UploadIcon size={18} />}
      <span className={variant === 'primary' || directory ? 'label-wide' : undefined}>{label}</span>
    </label>
  );
}
