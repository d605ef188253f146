// The versions of one file form a graph (each version names the versions it replaced). Versions
// made apart from each other leave several heads: the greatest head by operation id keeps the file,
// and each other head with different bytes splits off as a conflicted copy. Same bytes: no copy.
import type { VersionEntry } from './drive-tree.js';
import { compareOpIds, type OpId } from './op-id.js';

export type VersionNode = VersionEntry & { readonly prev: readonly OpId[] };

export type VersionLines = {
  /** The file's own line, oldest first; its last entry is the current content. */
  readonly main: readonly VersionEntry[];
  /** One line per conflicted copy, keyed by the head it grew from; oldest first. */
  readonly copies: ReadonlyMap<OpId, readonly VersionEntry[]>;
};

const strip = ({ prev: _prev, ...entry }: VersionNode): VersionEntry => entry;

/** `versions` must all belong to one node; order does not matter. */
export function versionLines(versions: readonly VersionNode[]): VersionLines {
  const byId = new Map(versions.map((v) => [v.op, v]));
  const replaced = new Set<OpId>();
  for (const v of byId.values()) for (const p of v.prev) if (byId.has(p) && p !== v.op) replaced.add(p);
  const heads = [...byId.values()].filter((v) => !replaced.has(v.op)).sort((a, b) => compareOpIds(a.op, b.op));
  const winner = heads.at(-1);
  if (winner === undefined) return { main: [], copies: new Map() };

  // Heads with the winner's bytes merge into the main line; other heads, one per distinct content.
  const copyHeads = new Map<string, VersionNode>();
  const mainHeads: VersionNode[] = [];
  for (const head of heads) {
    if (head.content.hash === winner.content.hash) mainHeads.push(head);
    else copyHeads.set(head.content.hash, head); // sorted ascending: the greatest head of each content stays
  }
  const reach = (from: readonly VersionNode[], stop: ReadonlySet<OpId>): VersionNode[] => {
    const seen = new Set<OpId>();
    const stack = [...from];
    const out: VersionNode[] = [];
    while (stack.length > 0) {
      const v = stack.pop();
      if (v === undefined || seen.has(v.op) || stop.has(v.op)) continue;
      seen.add(v.op);
      out.push(v);
      for (const p of v.prev) {
        const pv = byId.get(p);
        if (pv !== undefined) stack.push(pv);
      }
    }
    return out.sort((a, b) => compareOpIds(a.op, b.op));
  };

  const main = reach(mainHeads, new Set());
  const mainIds = new Set(main.map((v) => v.op));
  const copies = new Map<OpId, readonly VersionEntry[]>();
  for (const head of [...copyHeads.values()].sort((a, b) => compareOpIds(a.op, b.op))) {
    // A copy's line is what only it holds; shared history stays with the main line.
    const line = reach([head], mainIds).map(strip);
    copies.set(head.op, line);
  }
  // Every version before a head has a smaller Lamport time, so the winner sorts last: the current content.
  return { main: main.map(strip), copies };
}
