// A button that opens the file chooser: a styled label around a visually hidden file input, so
// the input keeps its label ("Upload files") for assistive technology and for tests.
import type { ChangeEvent, ReactNode } from 'react';
import { UploadIcon } from './icons.js';

type UploadPickerProps = {
  readonly label: string;
  readonly onFiles: (files: File[]) => void;
  readonly variant?: 'primary' | 'secondary';
};

export function UploadPicker({ label, onFiles, variant = 'primary' }: UploadPickerProps): ReactNode {
  const onChange = (event: ChangeEvent<HTMLInputElement>): void => {
    const files = Array.from(event.target.files ?? []);
    // Cleared so that choosing the same file again still fires a change.
    event.target.value = '';
    if (files.length > 0) onFiles(files);
  };
  return (
    <label className={`button ${variant} file-picker`}>
      <input className="visually-hidden" type="file" multiple onChange={onChange} />
      <UploadIcon size={18} />
      <span className={variant === 'primary' ? 'label-wide' : undefined}>{label}</span>
    </label>
  );
}
