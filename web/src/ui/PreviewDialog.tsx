// A file's preview without leaving the app, over a dark backdrop whatever the theme (pictures and
// video read best on it): pictures, audio and video, PDF in the browser's own viewer, text and code
// with line numbers, Markdown rendered; anything else says so and offers the download. Escape
// closes; the arrow keys and the side buttons go to the previous and next file of the folder.
import { useCallback, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { TreeNode } from '@sheaf/shared/drive/drive-tree';
import type { NodeId } from '@sheaf/shared/drive/node-id';
import type { Workspace } from '../app/services.js';
import { fileTypeLabel } from '../app/preview-kind.js';
import { useStore } from '../app/use-store.js';
import { formatBytes } from './format.js';
import { ChevronLeftIcon, ChevronRightIcon, CloseIcon, DownloadIcon } from './icons.js';
import { PreviewBody } from './preview/PreviewBody.js';
import { PreviewFileIcon } from './preview/file-type.js';
import { useModalDialog } from './use-modal-dialog.js';

export type PreviewDialogProps = {
  readonly workspace: Workspace;
  readonly node: TreeNode;
  readonly onClose: () => void;
};

/** Elements whose own arrow keys (seeking, moving the caret, scrolling a viewer) win over paging. */
const OWNS_ARROWS = 'audio, video, input, textarea, select, iframe, [contenteditable="true"]';

export function PreviewDialog({ workspace, node, onClose }: PreviewDialogProps): ReactNode {
  const ref = useModalDialog(onClose);
  const drive = useStore(workspace.drive.state);
  const downloads = useStore(workspace.downloads.byKey);
  const [currentId, setCurrentId] = useState<NodeId>(node.id);
  const tree = drive.status === 'ready' ? drive.tree : undefined;
  // The node as it is now (renamed, a new version saved elsewhere), or as opened if it went away.
  const current = tree?.nodes.get(currentId) ?? node;

  const siblings = useMemo(
    () => (tree === undefined ? [current] : tree.children(current.parent).filter((child) => child.kind === 'file')),
    [tree, current],
  );
  const index = siblings.findIndex((sibling) => sibling.id === current.id);
  const previous = index > 0 ? siblings[index - 1] : undefined;
  const next = index >= 0 && index < siblings.length - 1 ? siblings[index + 1] : undefined;

  const go = useCallback((to: TreeNode | undefined) => {
    if (to !== undefined) setCurrentId(to.id);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>): void => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.target instanceof Element && event.target.closest(OWNS_ARROWS) !== null) return;
    if (event.key === 'ArrowLeft' && previous !== undefined) {
      event.preventDefault();
      go(previous);
    } else if (event.key === 'ArrowRight' && next !== undefined) {
      event.preventDefault();
      go(next);
    }
  };

  const content = current.content;
  const download = downloads.get(current.id);
  const downloading = download?.state === 'downloading';
  const startDownload = (): void => {
    if (content !== undefined) workspace.downloads.start(current.id, content, current.name);
  };

  return (
    <dialog ref={ref} className="preview" aria-label={`Preview of ${current.name}`} onKeyDown={onKeyDown}>
      <header className="preview-bar">
        <span className="preview-file-icon">
          <PreviewFileIcon name={current.name} mediaType={content?.mediaType ?? ''} />
        </span>
        <div className="preview-heading">
          <h2 className="preview-name" title={current.name}>
            {current.name}
          </h2>
          <p className="preview-meta">
            {fileTypeLabel(current.name, content?.mediaType ?? '')}
            {content === undefined ? null : ` · ${formatBytes(content.size)}`}
            {siblings.length > 1 && index >= 0 ? ` · ${index + 1} of ${siblings.length}` : null}
          </p>
        </div>
        <div className="preview-actions">
          <button
            type="button"
            className="button small preview-download"
            aria-label={downloading ? 'Downloading' : 'Download'}
            onClick={startDownload}
            aria-disabled={downloading}
            disabled={content === undefined}
          >
            {downloading ? <span className="spinner" aria-hidden="true" /> : <DownloadIcon size={16} />}
            <span className="preview-download-label">{downloading ? 'Downloading…' : 'Download'}</span>
          </button>
          <button type="button" className="preview-icon-button" aria-label="Close preview" onClick={onClose}>
            <CloseIcon size={20} />
          </button>
        </div>
      </header>
      {download?.state === 'failed' ? (
        <p className="preview-banner" role="alert">
          {download.message}
        </p>
      ) : null}
      <div className="preview-stage">
        {previous === undefined ? null : (
          <button
            type="button"
            className="preview-nav preview-nav-previous"
            aria-label={`Previous: ${previous.name}`}
            onClick={() => go(previous)}
          >
            <ChevronLeftIcon size={22} />
          </button>
        )}
        {content === undefined ? null : (
          <PreviewBody
            key={`${current.id}:${content.hash}`}
            read={workspace.downloads.read}
            name={current.name}
            content={content}
            onDownload={startDownload}
          />
        )}
        {next === undefined ? null : (
          <button
            type="button"
            className="preview-nav preview-nav-next"
            aria-label={`Next: ${next.name}`}
            onClick={() => go(next)}
          >
            <ChevronRightIcon size={22} />
          </button>
        )}
      </div>
    </dialog>
  );
}
