// Accepts files and whole folders dropped anywhere on the drive, with an overlay while something is
// dragged over. A folder's entries are taken during the drop event and read after it.
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { readEntries, takeEntries, type ReadDrop } from '../transfer/dropped-entries.js';
import { UploadIcon } from './icons.js';

const carriesFiles = (event: DragEvent): boolean => event.dataTransfer.types.includes('Files');

type DropZoneProps = {
  readonly onPick: (picked: ReadDrop) => void;
  readonly className?: string;
  readonly children: ReactNode;
};

export function DropZone({ onPick, className, children }: DropZoneProps): ReactNode {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed; a depth count tells when the drag really left.
  const depth = useRef(0);

  const onDragEnter = (event: DragEvent<HTMLDivElement>): void => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth.current++;
    setOver(true);
  };
  const onDragOver = (event: DragEvent<HTMLDivElement>): void => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = (event: DragEvent<HTMLDivElement>): void => {
    if (!carriesFiles(event)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setOver(false);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth.current = 0;
    setOver(false);
    const entries = takeEntries(event.dataTransfer);
    if (entries === undefined) {
      const files = Array.from(event.dataTransfer.files, (file) => ({ file, path: file.name }));
      if (files.length > 0) onPick({ files, emptyFolders: [], unreadable: 0 });
      return;
    }
    void readEntries(entries).then(onPick, (error: unknown) => console.error('Sheaf: could not read the drop', error));
  };

  return (
    <div
      className={`drop-zone${over ? ' is-over' : ''}${className === undefined ? '' : ` ${className}`}`}
      data-testid="drop-zone"
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      {children}
      {over ? (
        <div className="drop-overlay" aria-hidden="true">
          <UploadIcon size={32} />
          <span>Drop files or folders to upload</span>
        </div>
      ) : null}
    </div>
  );
}
