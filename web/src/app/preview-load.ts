// Loading a file for its preview: what the plan says to read, through the download path (the chunk
// cache first, so a file kept on this device previews offline), turned into what a viewer shows,
// an object URL for the browser's own viewers or decoded text.
import { useEffect, useState } from 'react';
import type { Content } from '@sheaf/shared/drive/ops';
import type { Result } from '@sheaf/shared/result';
import { previewPlan, viewerMediaType, type PreviewKind } from './preview-kind.js';
import { decodePreviewText, leadingContent, withoutWholeHash } from './preview-text.js';

export type PreviewState =
  | { readonly status: 'loading'; readonly bytes: number }
  | { readonly status: 'media'; readonly kind: 'image' | 'audio' | 'video' | 'pdf'; readonly url: string }
  | { readonly status: 'text'; readonly kind: 'text' | 'markdown'; readonly text: string; readonly truncated: boolean }
  | { readonly status: 'too-large'; readonly viewer: PreviewKind; readonly limit: number }
  | { readonly status: 'none' }
  | { readonly status: 'failed'; readonly message: string };

export type PreviewReader = (content: Content, signal: AbortSignal) => Promise<Result<Blob, string>>;

/** The viewer's state for `content` of the file `name`; its object URL is revoked when it changes or goes. */
export function usePreview(read: PreviewReader, name: string, content: Content): PreviewState {
  const [state, setState] = useState<{ readonly key: string; readonly state: PreviewState }>();
  const key = `${content.hash}:${name}`;

  useEffect(() => {
    const leaving = new AbortController();
    let url: string | undefined;
    const show = (next: PreviewState): void => {
      if (!leaving.signal.aborted) setState({ key, state: next });
    };
    const plan = previewPlan(name, content);
    if (plan.kind === 'none') show({ status: 'none' });
    else if (plan.kind === 'too-large') show({ status: 'too-large', viewer: plan.viewer, limit: plan.limit });
    else {
      void read(withoutWholeHash(leadingContent(content, plan.bytes)), leaving.signal).then(async (result) => {
        if (leaving.signal.aborted) return;
        if (!result.ok) {
          show({ status: 'failed', message: result.error });
          return;
        }
        if (plan.kind === 'text' || plan.kind === 'markdown') {
          const decoded = decodePreviewText(new Uint8Array(await result.value.arrayBuffer()), plan.bytes, content.size);
          show(
            decoded.kind === 'binary'
              ? { status: 'none' }
              : { status: 'text', kind: plan.kind, text: decoded.text, truncated: decoded.truncated },
          );
          return;
        }
        // The browser picks its decoder or viewer by the Blob's type, so it must be the right one.
        const typed = new Blob([result.value], { type: viewerMediaType(plan.kind, name, content.mediaType) });
        url = URL.createObjectURL(typed);
        show({ status: 'media', kind: plan.kind, url });
      });
    }
    return () => {
      leaving.abort();
      if (url !== undefined) URL.revokeObjectURL(url);
    };
    // The content hash and name stand for what is loaded (`key`).
  }, [read, key]);

  if (state?.key === key) return state.state;
  const plan = previewPlan(name, content);
  return { status: 'loading', bytes: plan.kind === 'none' || plan.kind === 'too-large' ? 0 : plan.bytes };
}
