// The drive command that places a batch of uploaded files in one change, each as `placeUpload` would
// place it alone: a new version of the live file of that name in its folder, else a new file under
// a free name. A command sees one tree, so what earlier files of the batch made is tracked here: a
// name given twice in a batch makes a second version of the file the first one made, as two uploads
// one after the other would. Thousands of files are then one Automerge change and one render.
import type { Author } from '@sheaf/shared/drive/drive-commands';
import type { Command } from '@sheaf/shared/drive/drive-replica';
import type { DriveTree } from '@sheaf/shared/drive/drive-tree';
import { nameKey, uniqueSiblingName, validateName } from '@sheaf/shared/drive/names';
import { NodeId, ROOT } from '@sheaf/shared/drive/node-id';
import type { OpId } from '@sheaf/shared/drive/op-id';
import type { DriveOp } from '@sheaf/shared/drive/ops';
import { toHex } from '@sheaf/shared/hex';
import { err, ok, type Result } from '@sheaf/shared/result';
import type { Placement, UploadToPlace } from './upload-queue.js';

const newFileId = (a: Author): NodeId => NodeId.parse(`f_${toHex(a.random(16))}`);

/** A file made or versioned earlier in this command: its newest version and content. */
type Placed = { readonly node: NodeId; head: OpId; hash: string };

/**
 * A command placing `uploads` in order, pushing each one's placement (or why it could not be
 * placed) to `placed` as it runs (a command answers only operations).
 */
export function placeUploadsCommand(
  uploads: readonly UploadToPlace[],
  placed: Array<Result<Placement, string>>,
): Command {
  return (a: Author, tree: DriveTree) => {
    const at = a.now();
    const stamp = () => ({ id: a.log.nextId(at), at, by: a.userId, device: a.device });
    const ops: DriveOp[] = [];
    /** Per folder, by name key: the files this command made or versioned. */
    const here = new Map<NodeId, Map<string, Placed>>();
    const liveFolder = (id: NodeId): boolean => {
      const node = tree.nodes.get(id);
      return node !== undefined && node.kind === 'folder' && !node.inTrash;
    };

    for (const { folder, name: rawName, content } of uploads) {
      // A folder deleted while the file was uploading: the file goes to My Drive rather than nowhere.
      const parent = liveFolder(folder) ? folder : ROOT;
      const name = validateName(rawName);
      if (!name.ok) {
        placed.push(err(name.error.message));
        continue;
      }
      const key = nameKey(name.value);
      const mine = here.get(parent) ?? new Map<string, Placed>();
      here.set(parent, mine);

      const earlier = mine.get(key);
      if (earlier !== undefined) {
        if (earlier.hash === content.hash) placed.push(ok('unchanged'));
        else {
          const op = { ...stamp(), t: 'version' as const, node: earlier.node, content, prev: [earlier.head] };
          ops.push(op);
          earlier.head = op.id;
          earlier.hash = content.hash;
          placed.push(ok('version'));
        }
        continue;
      }
      const same = tree.childNamed(parent, name.value);
      if (same?.kind === 'file') {
        if (same.content?.hash === content.hash) {
          placed.push(ok('unchanged'));
          const head = same.versions.at(-1);
          if (head !== undefined) mine.set(key, { node: same.id, head: head.op, hash: content.hash });
          continue;
        }
        const head = same.versions.at(-1);
        const op = { ...stamp(), t: 'version' as const, node: same.id, content, prev: head ? [head.op] : [] };
        ops.push(op);
        mine.set(key, { node: same.id, head: op.id, hash: content.hash });
        placed.push(ok('version'));
        continue;
      }
      // Names given by this command are not in the tree yet: both are taken.
      const free = uniqueSiblingName(name.value, (k) => mine.has(k) || tree.nameTaken(parent, k));
      const op = {
        ...stamp(),
        t: 'create' as const,
        node: newFileId(a),
        kind: 'file' as const,
        parent,
        name: free,
        content,
      };
      ops.push(op);
      mine.set(nameKey(free), { node: op.node, head: op.id, hash: content.hash });
      placed.push(ok('created'));
    }
    return ok(ops);
  };
}
