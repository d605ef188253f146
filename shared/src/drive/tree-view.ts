// The read side of a materialized drive: lookups over the engine's maps. A view is valid until the
// engine takes new operations; take a fresh one from the engine after each change.
import type { DriveTree, TreeNode } from './drive-tree.js';
import { ROOT, type NodeId } from './node-id.js';

export type TreeState = {
  readonly nodes: ReadonlyMap<NodeId, TreeNode>;
  readonly purged: ReadonlyMap<NodeId, NodeId>;
  readonly children: ReadonlyMap<NodeId, ReadonlySet<NodeId>>;
  /** Sorted live children per folder, filled on demand and dropped by the engine when they change. */
  readonly sortedChildren: Map<NodeId, readonly TreeNode[]>;
  readonly nameTaken: DriveTree['nameTaken'];
  /** The id holding a name's key among a folder's children, from the engine's name index. */
  readonly nameHolder: (folder: NodeId, name: string) => NodeId | undefined;
};

const byName = (a: TreeNode, b: TreeNode): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function treeView(state: TreeState): DriveTree {
  const { nodes, purged, children, sortedChildren, nameTaken, nameHolder } = state;
  return {
    nodes,
    purged,
    nameTaken,
    childNamed(folder, name) {
      const id = nameHolder(folder, name);
      const node = id === undefined ? undefined : nodes.get(id);
      // As `children` lists them: a child under a trashed folder is not live.
      return node === undefined || node.inTrash ? undefined : node;
    },
    children(folder) {
      const cached = sortedChildren.get(folder);
      if (cached !== undefined) return cached;
      const out: TreeNode[] = [];
      for (const id of children.get(folder) ?? []) {
        const n = nodes.get(id);
        if (n !== undefined && !n.inTrash) out.push(n);
      }
      out.sort(byName);
      sortedChildren.set(folder, out);
      return out;
    },
    trash() {
      return [...nodes.values()]
        .filter((n) => n.trashed !== undefined && !(nodes.get(n.parent)?.inTrash ?? false))
        .sort((a, b) => (b.trashed?.at ?? 0) - (a.trashed?.at ?? 0) || byName(a, b));
    },
    path(id) {
      const out: TreeNode[] = [];
      if (id === ROOT) return out;
      const start = nodes.get(id);
      let steps = 0;
      for (
        let at = start && nodes.get(start.parent);
        at !== undefined && steps++ <= nodes.size;
        at = nodes.get(at.parent)
      ) {
        out.unshift(at);
        if (at.id === ROOT) break;
      }
      return out;
    },
  };
}
