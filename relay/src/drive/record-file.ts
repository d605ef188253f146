// Saving content under a name in a folder, as every drive does it: a new file, or a new version of the
// file already there under that name (case-insensitively). Shared by the chunk commit route and the
// seed's multipart upload, which differ only in how the chunks arrived.
import { createHash } from 'node:crypto';
import { addVersion, createFile, type CommandError } from '@sheaf/shared/drive/drive-commands';
import { canonicalManifest, type Manifest } from '@sheaf/shared/drive/manifest';
import { nameKey, type ValidName } from '@sheaf/shared/drive/names';
import type { NodeId } from '@sheaf/shared/drive/node-id';
import type { OpId } from '@sheaf/shared/drive/op-id';
import type { Content } from '@sheaf/shared/drive/ops';
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

export const contentHashOf = (manifest: Manifest): ChunkHash =>
  ChunkHash.parse(createHash('sha256').update(canonicalManifest(manifest)).digest('hex'));

export async function recordFile(
  hub: DriveHub,
  drive: OpenDrive,
  parent: NodeId,
  name: ValidName,
  manifest: Manifest,
  mediaType: string,
): Promise<Result<RecordedFile, CommandError | { readonly kind: 'lost'; readonly message: string }>> {
  const content: Content = { hash: contentHashOf(manifest), size: manifest.size, mediaType, manifest };
  const key = nameKey(name);
  const sameName = (tree: ReturnType<ReturnType<OpenDrive['replica']>['tree']>) =>
    tree.children(parent).find((n) => n.kind === 'file' && nameKey(n.name) === key);
  const made = await hub.apply(drive, [
    (author, tree) => {
      const existing = sameName(tree);
      return existing === undefined
        ? createFile(author, tree, parent, name, content)
        : addVersion(author, tree, existing.id, content);
    },
  ]);
  if (!made.ok) return made;
  const tree = drive.replica().tree();
  const fileId = made.value[0]?.node ?? sameName(tree)?.id;
  const node = fileId === undefined ? undefined : tree.nodes.get(fileId);
  const at = node?.versions.findLastIndex((v) => v.content.hash === content.hash) ?? -1;
  const version = node?.versions[at];
  if (node === undefined || version === undefined) {
    return err({ kind: 'lost', message: 'the file could not be recorded; try again' });
  }
  return ok({
    fileId: node.id,
    name: node.name,
    size: manifest.size,
    version: at + 1,
    versionId: version.op,
    at: version.at,
  });
}
