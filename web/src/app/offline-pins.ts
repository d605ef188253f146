// "Available offline": the files and folders a user pins stay on this device and are fetched
// ahead. A pinned folder covers everything in it, files added later too, so what is kept is
// worked out again from the tree whenever it changes: the chunks of the current version of every
// live file under a pin. This module is the only one that pins chunks in the chunk store, so the
// store's pins are its applied set, read back after a restart; the cache never evicts them, and
// unpinned cached chunks are the ones that go first under storage pressure.
import type { DriveTree, TreeNode } from '@sheaf/shared/drive/drive-tree';
import type { ManifestChunk } from '@sheaf/shared/drive/manifest';
import { NodeId } from '@sheaf/shared/drive/node-id';
import type { ChunkHash } from '@sheaf/shared/ids';
import type { Result } from '@sheaf/shared/result';
import type { ChunkStore } from '../local/chunk-store.js';
import { mapLimited } from '../lib/limit.js';
import { createStore, type Store } from '../lib/store.js';

export type OfflineProgress = {
  /** Files kept on this device because of a pin. */
  readonly files: number;
  /** Bytes those files take (each shared chunk counted once). */
  readonly bytes: number;
  /** Of which are on this device now. */
  readonly storedBytes: number;
  /** Fetching the rest; `waiting` while offline; `failed` with why. */
  readonly state: 'ready' | 'fetching' | 'waiting' | 'failed';
  readonly message?: string;
};

export type OfflinePins = {
  /** Nodes pinned themselves (a folder's contents are covered without being listed). */
  readonly pinned: Store<ReadonlySet<NodeId>>;
  readonly progress: Store<OfflineProgress>;
  readonly pin: (node: NodeId) => void;
  readonly unpin: (node: NodeId) => void;
  /** Pinned itself or inside a pinned folder. */
  readonly isPinned: (node: NodeId) => boolean;
  /** Whether the pin covering `node` is its own (and so can be removed from it). */
  readonly isPinnedItself: (node: NodeId) => boolean;
  readonly close: () => void;
};

export type PinMemory = Pick<Storage, 'getItem' | 'setItem'>;

export type OfflinePinsDeps = {
  readonly chunks: Pick<ChunkStore, 'pin' | 'unpin' | 'pinnedHashes' | 'storedAmong'>;
  /** Fetches a chunk from the relay, checks it and stores it (download.ts `chunkBytes`). */
  readonly fetchChunk: (chunk: ManifestChunk, signal: AbortSignal) => Promise<Result<Blob, string>>;
  /** The drive's tree once it is open. */
  readonly tree: () => DriveTree | undefined;
  readonly onTreeChange: (listener: () => void) => () => void;
  readonly online: () => boolean;
  readonly onOnline: (listener: () => void) => () => void;
  /** Where the pinned ids are kept between visits, under `key`. */
  readonly memory: PinMemory | undefined;
  readonly key: string;
  readonly setTimer: (run: () => void, ms: number) => () => void;
};

/** Tree changes come in bursts (a folder upload): one pass after them. */
export const SETTLE_MS = 300;
const PARALLEL_FETCHES = 4;

const EMPTY: OfflineProgress = { files: 0, bytes: 0, storedBytes: 0, state: 'ready' };

function readPinned(memory: PinMemory | undefined, key: string): Set<NodeId> {
  try {
    const parsed: unknown = JSON.parse(memory?.getItem(key) ?? '[]');
    if (!Array.isArray(parsed)) return new Set();
    return new Set(parsed.flatMap((id) => (NodeId.safeParse(id).success ? [NodeId.parse(id)] : [])));
  } catch {
    return new Set();
  }
}

/** Live files at or under the pinned nodes, each once. */
export function pinnedFiles(tree: DriveTree, pinned: ReadonlySet<NodeId>): TreeNode[] {
  const files = new Map<NodeId, TreeNode>();
  const walk = (node: TreeNode): void => {
    if (node.inTrash) return;
    if (node.kind === 'file') files.set(node.id, node);
    else for (const child of tree.children(node.id)) walk(child);
  };
  for (const id of pinned) {
    const node = tree.nodes.get(id);
    if (node !== undefined) walk(node);
  }
  return [...files.values()];
}

/** The chunks those files need, each once. */
export function neededChunks(files: readonly TreeNode[]): Map<ChunkHash, ManifestChunk> {
  const chunks = new Map<ChunkHash, ManifestChunk>();
  for (const file of files) for (const chunk of file.content?.manifest.chunks ?? []) chunks.set(chunk.hash, chunk);
  return chunks;
}

export function createOfflinePins(deps: OfflinePinsDeps): OfflinePins {
  const pinned = createStore<ReadonlySet<NodeId>>(readPinned(deps.memory, deps.key));
  const progress = createStore<OfflineProgress>(EMPTY);
  const closing = new AbortController();
  /** Hashes pinned in the store: read from it on the first pass. */
  let applied: Set<ChunkHash> | undefined;
  let running = false;
  let again = false;
  let cancelTimer: (() => void) | undefined;

  const pass = async (): Promise<void> => {
    const tree = deps.tree();
    if (tree === undefined) return;
    applied ??= new Set(await deps.chunks.pinnedHashes());
    const files = pinnedFiles(tree, pinned.get());
    const needed = neededChunks(files);
    const toPin = [...needed.keys()].filter((hash) => !applied?.has(hash));
    const toUnpin = [...applied].filter((hash) => !needed.has(hash));
    // Pinned before fetching: a chunk stored by the fetch is then never evictable, even for a moment.
    await deps.chunks.pin(toPin);
    await deps.chunks.unpin(toUnpin);
    applied = new Set(needed.keys());

    const stored = await deps.chunks.storedAmong([...needed.keys()]);
    const bytes = [...needed.values()].reduce((sum, chunk) => sum + chunk.size, 0);
    let storedBytes = [...stored].reduce((sum, hash) => sum + (needed.get(hash)?.size ?? 0), 0);
    const missing = [...needed.values()].filter((chunk) => !stored.has(chunk.hash));
    const publish = (state: OfflineProgress['state'], message?: string): void =>
      progress.set({ files: files.length, bytes, storedBytes, state, ...(message === undefined ? {} : { message }) });
    if (missing.length === 0) return publish('ready');
    if (!deps.online()) return publish('waiting');
    publish('fetching');
    let failure: string | undefined;
    await mapLimited(missing, PARALLEL_FETCHES, async (chunk) => {
      if (failure !== undefined || closing.signal.aborted) return;
      const fetched = await deps.fetchChunk(chunk, closing.signal);
      if (!fetched.ok) {
        failure ??= fetched.error;
        return;
      }
      storedBytes += chunk.size;
      publish('fetching');
    });
    if (closing.signal.aborted) return;
    if (failure === undefined) publish('ready');
    else if (deps.online()) publish('failed', failure);
    else publish('waiting');
  };

  /** One pass at a time; a request during one runs another after it. */
  const run = (): void => {
    if (closing.signal.aborted) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    pass()
      .catch((error: unknown) => {
        console.warn('Sheaf: could not keep files available offline', error);
        progress.update((was) => ({ ...was, state: 'failed', message: 'Could not keep these files on this device.' }));
      })
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const soon = (): void => {
    cancelTimer ??= deps.setTimer(() => {
      cancelTimer = undefined;
      run();
    }, SETTLE_MS);
  };

  const save = (next: ReadonlySet<NodeId>): void => {
    pinned.set(next);
    try {
      deps.memory?.setItem(deps.key, JSON.stringify([...next]));
    } catch {
      // Storage full or refused: the pin holds for this visit, and the chunks stay pinned anyway.
    }
    run();
  };

  const coveringPin = (node: NodeId): NodeId | undefined => {
    const set = pinned.get();
    if (set.has(node)) return node;
    const tree = deps.tree();
    return tree?.path(node).find((ancestor) => set.has(ancestor.id))?.id;
  };

  const stopTree = deps.onTreeChange(soon);
  const stopOnline = deps.onOnline(run);
  run();

  return {
    pinned,
    progress,
    pin: (node) => {
      if (pinned.get().has(node)) return;
      save(new Set([...pinned.get(), node]));
    },
    unpin: (node) => {
      // Unpinning a file inside a pinned folder is not offered (isPinnedItself); only its own pin goes.
      if (!pinned.get().has(node)) return;
      save(new Set([...pinned.get()].filter((id) => id !== node)));
    },
    isPinned: (node) => coveringPin(node) !== undefined,
    isPinnedItself: (node) => pinned.get().has(node),
    close: () => {
      closing.abort();
      cancelTimer?.();
      stopTree();
      stopOnline();
    },
  };
}
