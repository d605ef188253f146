// Text and code with line numbers: two <pre> blocks side by side (numbers, then the text), so a
// megabyte of text is two text nodes for the browser to lay out rather than one element per line.
// Lines do not wrap, which keeps each number beside its line; long lines scroll sideways.
import { useMemo, type ReactNode } from 'react';
import { textLines } from '../../app/preview-text.js';

export function TextView({ text, truncated }: { readonly text: string; readonly truncated: boolean }): ReactNode {
  const { numbers, body } = useMemo(() => {
    const lines = textLines(text);
    return { numbers: lines.map((_, i) => i + 1).join('\n'), body: lines.join('\n') };
  }, [text]);
  return (
    <div className="preview-document preview-text">
      <div className="preview-text-scroll" tabIndex={0} aria-label="File contents">
        <pre className="preview-line-numbers" aria-hidden="true">
          {numbers}
        </pre>
        <pre className="preview-code">
          <code>{body}</code>
        </pre>
      </div>
      {truncated ? (
        <p className="preview-text-more">Showing the beginning of this file. Download it to see all of it.</p>
      ) : null}
    </div>
  );
}
