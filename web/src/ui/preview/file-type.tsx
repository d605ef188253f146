// The icon of the kind of file the preview shows, in its header.
import type { ReactNode } from 'react';
import { previewKind } from '../../app/preview-kind.js';
import { AudioIcon, FileIcon, ImageIcon, TextFileIcon, VideoIcon } from '../icons.js';

export function PreviewFileIcon({ name, mediaType }: { readonly name: string; readonly mediaType: string }): ReactNode {
  switch (previewKind(name, mediaType)) {
    case 'image':
      return <ImageIcon size={20} />;
    case 'audio':
      return <AudioIcon size={20} />;
    case 'video':
      return <VideoIcon size={20} />;
    case 'pdf':
    case 'text':
    case 'markdown':
      return <TextFileIcon size={20} />;
    case 'none':
      return <FileIcon size={20} />;
  }
}
