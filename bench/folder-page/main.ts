// The ui.folder_10k bench page: the app's FileList, with the app's styles, over a synthetic folder
// of N files (no drive engine: this measures the view alone). Each call renders into a fresh root,
// measures until the browser has laid the list out, then scrolls to its middle and measures again.
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { DriveTree, TreeNode } from '@sheaf/shared/drive/drive-tree';
import { NodeId, ROOT } from '@sheaf/shared/drive/node-id';
import { noSelection } from '../../web/src/app/selection.js';
import { sortNodes, BY_NAME } from '../../web/src/ui/browser/sort.js';
import { FileList } from '../../web/src/ui/FileList.js';
import { noRowActions } from '../lib/no-row-actions.js';
import type { RenderedFolder } from './folder-api.js';

const nothing = (): undefined => undefined;

const hex = (n: number): string => n.toString(16).padStart(32, '0');
const at = Date.UTC(2026, 10, 25);

/** A folder's children as the tree engine would hand them over (shuffled names: the sort has work). */
function syntheticFolder(count: number): DriveTree {
  const children: TreeNode[] = [];
  for (let i = 0; i < count; i++) {
    const stamp = { op: `${i}@bench`, at: at - i * 60_000, by: 'u_bench', device: 'Bench' };
    const n = (i * 7919) % count;
    children.push({
      id: NodeId.parse(`f_${hex(i + 1)}`),
      kind: 'file',
      parent: ROOT,
      name: `report ${n}.${['txt', 'pdf', 'png', 'csv'][n % 4] ?? 'txt'}`,
      created: stamp,
      modified: stamp,
      content: {
        hash: hex(1).repeat(2),
        size: 1000 + n * 13,
        mediaType: 'text/plain',
        manifest: { size: 0, chunks: [] },
      },
      versions: [],
      trashed: undefined,
      inTrash: false,
      conflictOf: undefined,
    } as unknown as TreeNode);
  }
  return {
    nodes: new Map(children.map((c) => [c.id, c])),
    purged: new Map(),
    children: (folder) => (folder === ROOT ? children : []),
    trash: () => [],
    nameTaken: () => false,
    childNamed: () => undefined,
    path: () => [],
  };
}

const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

async function renderFolder(count: number): Promise<RenderedFolder> {
  const container = document.getElementById('root');
  if (container === null) throw new Error('the page has no #root element');
  window.scrollTo(0, 0);
  const tree = syntheticFolder(count);
  const root = createRoot(container);
  const started = performance.now();
  // What FolderView does for a folder: sort its children, then render the list.
  const items = sortNodes(tree.children(ROOT), BY_NAME);
  flushSync(() =>
    root.render(
      createElement(FileList, {
        tree,
        items,
        label: 'Items in Bench',
        view: 'list',
        sort: BY_NAME,
        onSort: nothing,
        selection: noSelection<NodeId>(),
        onSelectionChange: nothing,
        editing: undefined,
        downloads: new Map(),
        now: at,
        actions: noRowActions,
        keys: { trash: nothing, contextMenu: nothing },
        newFolder: { create: nothing, cancel: nothing, error: nothing },
      }),
    ),
  );
  // Reading a layout property makes the browser lay the rows out now, inside the timed span.
  void container.offsetHeight;
  const ms = performance.now() - started;
  const rows = container.querySelectorAll('[data-testid="file-row"]').length;

  // The list windows against the page's scroll: jump to the middle, wait for the rows there.
  const scrolled = performance.now();
  window.scrollTo(0, container.offsetHeight / 2);
  await frame();
  await frame();
  const middle = items[Math.floor(items.length / 2)];
  if (middle === undefined || container.querySelector(`[data-node-id="${middle.id}"]`) === null)
    throw new Error('the middle of the list was not rendered after scrolling to it');
  const scrollMs = performance.now() - scrolled;

  root.unmount();
  return { items: count, ms, rows, scrollMs };
}

window.renderFolder = renderFolder;
