// The viewer for one file: picks it from what the preview loaded, and says plainly when there is
// nothing to show (loading, too large, a type without a viewer, a failure), always with the download.
import { lazy, Suspense, useState, type ReactNode } from 'react';
import type { Content } from '@sheaf/shared/drive/ops';
import { usePreview, type PreviewReader } from '../../app/preview-load.js';
import { formatBytes } from '../format.js';
import { AlertIcon, AudioIcon, DownloadIcon, FileIcon, RetryIcon } from '../icons.js';
import { TextView } from './TextView.js';

// react-markdown and its parser load only when a Markdown file is first previewed.
const MarkdownView = lazy(() => import('./MarkdownView.js').then((module) => ({ default: module.MarkdownView })));

type PreviewBodyProps = {
  readonly read: PreviewReader;
  readonly name: string;
  readonly content: Content;
  readonly onDownload: () => void;
};

export function PreviewBody(props: PreviewBodyProps): ReactNode {
  // A new attempt is a new viewer: its state starts over and reads again.
  const [attempt, setAttempt] = useState(0);
  return <LoadedPreview key={attempt} {...props} onRetry={() => setAttempt((n) => n + 1)} />;
}

function LoadedPreview({
  read,
  name,
  content,
  onDownload,
  onRetry,
}: PreviewBodyProps & { readonly onRetry: () => void }): ReactNode {
  const state = usePreview(read, name, content);
  const [unplayable, setUnplayable] = useState(false);
  const cannotShow = (): void => setUnplayable(true);

  if (unplayable) {
    return (
      <PreviewMessage
        icon={<FileIcon size={32} />}
        title="This browser can’t show this file"
        detail="Download it to open it with an app on your device."
        onDownload={onDownload}
      />
    );
  }

  switch (state.status) {
    case 'loading':
      return (
        <div className="preview-message" role="status">
          <span className="spinner preview-spinner" aria-hidden="true" />
          <p className="preview-message-title">Loading preview…</p>
          {state.bytes > 4 * 1024 * 1024 ? <p className="preview-message-detail">{formatBytes(state.bytes)}</p> : null}
        </div>
      );
    case 'media':
      switch (state.kind) {
        case 'image':
          return <img className="preview-image" src={state.url} alt={name} onError={cannotShow} />;
        case 'video':
          return <video className="preview-video" src={state.url} controls playsInline onError={cannotShow} />;
        case 'audio':
          return (
            <div className="preview-audio">
              <span className="preview-audio-art">
                <AudioIcon size={40} />
              </span>
              <p className="preview-audio-name">{name}</p>
              <audio className="preview-audio-player" src={state.url} controls onError={cannotShow} />
            </div>
          );
        case 'pdf':
          // The browser's own PDF viewer, inside the app; blob: frames are allowed by the CSP.
          return <iframe className="preview-pdf" src={state.url} title={`${name} (PDF)`} />;
      }
      break;
    case 'text':
      return state.kind === 'markdown' ? (
        <Suspense fallback={<TextView text={state.text} truncated={state.truncated} />}>
          <MarkdownView text={state.text} />
        </Suspense>
      ) : (
        <TextView text={state.text} truncated={state.truncated} />
      );
    case 'too-large':
      return (
        <PreviewMessage
          icon={<FileIcon size={32} />}
          title="Too large to preview"
          detail={`Previews load files of up to ${formatBytes(state.limit)} of this type. Download it to open it.`}
          onDownload={onDownload}
        />
      );
    case 'none':
      return (
        <PreviewMessage
          icon={<FileIcon size={32} />}
          title="No preview for this type of file"
          detail="Download it to open it with an app on your device."
          onDownload={onDownload}
        />
      );
    case 'failed':
      return (
        <PreviewMessage
          icon={<AlertIcon size={32} />}
          tone="error"
          title="The preview could not be loaded"
          detail={state.message}
          onRetry={onRetry}
        />
      );
  }
}

type PreviewMessageProps = {
  readonly icon: ReactNode;
  readonly title: string;
  readonly detail: string;
  readonly tone?: 'error';
  readonly onDownload?: () => void;
  readonly onRetry?: () => void;
};

function PreviewMessage({ icon, title, detail, tone, onDownload, onRetry }: PreviewMessageProps): ReactNode {
  return (
    <div className={`preview-message${tone === 'error' ? ' preview-message-error' : ''}`}>
      <span className="preview-message-icon">{icon}</span>
      <p className="preview-message-title">{title}</p>
      <p className="preview-message-detail">{detail}</p>
      <div className="preview-message-actions">
        {onRetry === undefined ? null : (
          <button type="button" className="button secondary" onClick={onRetry}>
            <RetryIcon size={16} />
            Try again
          </button>
        )}
        {onDownload === undefined ? null : (
          <button type="button" className="button primary" onClick={onDownload}>
            <DownloadIcon size={16} />
            Download
          </button>
        )}
      </div>
    </div>
  );
}
