// Markdown rendered as React elements (react-markdown never sets innerHTML, and raw HTML in the file
// is shown as text), with GitHub's tables, task lists and strikethrough. Links open in a new tab
// without the app as opener; pictures are not fetched (a document in a private drive should not
// call out to a tracker) but named, with their address.
import type { ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
  img: ({ alt, src }) => (
    <span className="preview-md-image" title={typeof src === 'string' ? src : undefined}>
      {alt === undefined || alt === '' ? 'Image' : alt}
    </span>
  ),
};

export function MarkdownView({ text }: { readonly text: string }): ReactNode {
  return (
    <div className="preview-document preview-markdown" tabIndex={0}>
      <Markdown remarkPlugins={[remarkGfm]} components={components}>
        {text}
      </Markdown>
    </div>
  );
}
