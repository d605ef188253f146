// React's view of a file's thumbnail: an object URL for an <img>, made when the thumbnail arrives
// and revoked when the component goes or the file's content changes. Undefined while there is none
// (not a picture, still coming, or none to be had): the caller shows the file's icon meanwhile.
import { useEffect, useState } from 'react';
import type { TreeNode } from '@sheaf/shared/drive/drive-tree';
import type { Workspace } from './services.js';

export function useThumbnail(workspace: Workspace, node: TreeNode): string | undefined {
  const [shown, setShown] = useState<{ readonly key: string; readonly url: string }>();
  const content = node.kind === 'file' ? node.content : undefined;
  const key = content?.hash;
  const { name } = node;

  useEffect(() => {
    if (content === undefined) return;
    const leaving = new AbortController();
    let url: string | undefined;
    void workspace.thumbnails.get(content, name, leaving.signal).then((blob) => {
      if (blob === undefined || leaving.signal.aborted) return;
      url = URL.createObjectURL(blob);
      setShown({ key: content.hash, url });
    });
    return () => {
      leaving.abort();
      if (url !== undefined) URL.revokeObjectURL(url);
    };
    // The content hash stands for the content: a new object with the same bytes changes nothing.
  }, [workspace, key, name]);

  return shown !== undefined && shown.key === key ? shown.url : undefined;
}
