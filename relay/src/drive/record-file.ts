// Saving content under a name in a folder, as every drive does it: a new file, or a new version of the
// file already there under that name (case-insensitively). Shared by the chunk commit routes (one
// file, or a batch of them in one change) and the seed's multipart upload, which differ only in how
// the chunks arrived.
import { createHash } from 'node:crypto';
import { addVersion, createFile, type CommandError } from '@sheaf/shared/drive/drive-commands';
import type { Command } from '@sheaf/shared/drive/drive-replica';
import type { DriveTree } from '@sheaf/shared/drive/drive-tree';
import { canonicalManifest, type Manifest } from '@sheaf/shared/drive/manifest';
import type { ValidName } from '@sheaf/shared/drive/names';
import type { NodeId } from '@sheaf/shared/drive/node-id';
import type { OpId } from '@sheaf/shared/drive/op-id';
import type { Content, DriveOp } from '@sheaf/shared/drive/ops';
import { ChunkHash } from '@sheaf/shared/ids';
import { err, ok, type Result } from '@sheaf/shared/result';
import type { DriveHub, OpenDrive } from './drive-hub.js';

export type RecordedFile = {
  readonly fileId: NodeId;
  readonly name: string;
  readonly size: number;
  /** 1-based position of the saved version in the file's versions. */
  readonly version: number;
  readonly versionId: OpId;
  readonly at: number;
};

export type FileToRecord = { readonly name: ValidName; readonly manifest: Manifest; readonly mediaType: string };

export type RecordError = CommandError | { readonly kind: 'lost'; readonly message: string };

export const contentHashOf = (manifest: Manifest): ChunkHash =>
  ChunkHash.parse(createHash('sha256').update(canonicalManifest(manifest)).digest('hex'));

const contentOf = ({ manifest, mediaType }: FileToRecord): Content => ({
  hash: contentHashOf(manifest),
  size: manifest.size,
  mediaType,
  manifest,
});

/** The file of that name in the folder (the engine's name index: constant time whatever its size). */
const sameName = (tree: DriveTree, parent: NodeId, name: ValidName): NodeId | undefined => {
  const node = tree.childNamed(parent, name);
  return node?.kind === 'file' ? node.id : undefined;
};

function saveCommand(parent: NodeId, name: ValidName, content: Content): Command {
  return (author, tree) => {
    const existing = sameName(tree, parent, name);
    return existing === undefined
      ? createFile(author, tree, parent, name, content)
      : addVersion(author, tree, existing, content);
  };
}

/** What a save answers, read from the tree after it: the node and the version holding the content. */
function recorded(tree: DriveTree, fileId: NodeId | undefined, content: Content): Result<RecordedFile, RecordError> {
  const node = fileId === undefined ? undefined : tree.nodes.get(fileId);
  const at = node?.versions.findLastIndex((v) => v.content.hash === content.hash) ?? -1;
  const version = node?.versions[at];
  if (node === undefined || version === undefined) {
    return err({ kind: 'lost', message: 'the file could not be recorded; try again' });
  }
  return ok({
    fileId: node.id,
    name: node.name,
    size: content.size,
    version: at + 1,
    versionId: version.op,
    at: version.at,
  });
}

export async function recordFile(
  hub: DriveHub,
  drive: OpenDrive,
  parent: NodeId,
  name: ValidName,
  manifest: Manifest,
  mediaType: string,
): Promise<Result<RecordedFile, RecordError>> {
  const content = contentOf({ name, manifest, mediaType });
  const made = await hub.apply(drive, [saveCommand(parent, name, content)]);
  if (!made.ok) return made;
  const tree = drive.replica().tree();
  return recorded(tree, made.value[0]?.node ?? sameName(tree, parent, name), content);
}

/**
 * Saves many files into one folder in one drive change, in order (a name given twice saves two
 * versions of one file). Answers each file's result in order.
 */
export async function recordFiles(
  hub: DriveHub,
  drive: OpenDrive,
  parent: NodeId,
  files: readonly FileToRecord[],
): Promise<Array<Result<RecordedFile, RecordError>>> {
  // Each save notes the file it went into while its tree is current: a version of unchanged bytes
  // makes no operation to read the id from afterwards.
  const saves: Array<{ readonly content: Content; fileId: NodeId | undefined }> = files.map((file) => ({
    content: contentOf(file),
    fileId: undefined,
  }));
  const commands = files.map(({ name }, i): Command => {
    return (author, tree) => {
      const save = saves[i];
      if (save === undefined) throw new Error('bug: a command without its file');
      const made = saveCommand(parent, name, save.content)(author, tree);
      if (made.ok) save.fileId = made.value[0]?.node ?? sameName(tree, parent, name);
      return made;
    };
  });
  const results = await hub.applyEach(drive, commands);
  const tree = drive.replica().tree();
  return results.map((result: Result<DriveOp[], CommandError>, i) => {
    const save = saves[i];
    if (!result.ok || save === undefined)
      return result.ok ? err({ kind: 'lost', message: 'the file could not be recorded; try again' }) : result;
    return recorded(tree, save.fileId, save.content);
  });
}
