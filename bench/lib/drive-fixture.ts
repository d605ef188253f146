// A drive of N files for the drive benchmarks: the operations a real device would have written
// (folders of 100 files each), in the real Automerge layout, and a tree engine over them.
import * as Automerge from '@automerge/automerge';
import { emptyDriveDocument, writeOps, type DriveDocument } from '../../shared/src/drive/drive-document.js';
import { DriveReplica } from '../../shared/src/drive/drive-replica.js';
import { NodeId, ROOT } from '../../shared/src/drive/node-id.js';
import { ActorId } from '../../shared/src/drive/op-id.js';
import type { Content, DriveOp } from '../../shared/src/drive/ops.js';
import { ChunkHash } from '../../shared/src/ids.js';

export type DriveFixture = {
  readonly replica: DriveReplica;
  doc: Automerge.Doc<DriveDocument>;
  readonly folders: readonly NodeId[];
  readonly files: readonly NodeId[];
};

const FILES_PER_FOLDER = 100;
const WRITE_BATCH = 10_000;
const hex = (n: number, width = 32): string => n.toString(16).padStart(width, '0');

export function driveFixture(fileCount: number): DriveFixture {
  let counter = 0;
  const replica = new DriveReplica(ActorId.parse('bench'), {
    userId: 'u_bench',
    device: 'Bench',
    now: () => Date.UTC(2026, 10, 25),
    random: (n) => {
      counter += 1;
      const bytes = new Uint8Array(n);
      new DataView(bytes.buffer).setUint32(n - 4, counter);
      return bytes;
    },
  });
  const content: Content = {
    hash: ChunkHash.parse(hex(1, 64)),
    size: 4096,
    mediaType: 'text/plain',
    manifest: { size: 4096, chunks: [{ hash: ChunkHash.parse(hex(1, 64)), size: 4096 }] },
  };
  const ops: DriveOp[] = [];
  const folders: NodeId[] = [];
  const files: NodeId[] = [];
  const stamp = (): { id: ReturnType<typeof replica.log.nextId>; at: number; by: string; device: string } => ({
    id: replica.log.nextId(),
    at: Date.UTC(2026, 10, 25),
    by: 'u_bench',
    device: 'Bench',
  });
  const folderCount = Math.max(1, Math.ceil(fileCount / FILES_PER_FOLDER));
  for (let f = 0; f < folderCount; f++) {
    const node = NodeId.parse(`fo_${hex(f + 1)}`);
    folders.push(node);
    ops.push({ ...stamp(), t: 'create', node, kind: 'folder', parent: ROOT, name: `Folder ${f}` });
  }
  for (let i = 0; i < fileCount; i++) {
    const node = NodeId.parse(`f_${hex(i + 1)}`);
    files.push(node);
    const parent = folders[i % folderCount] ?? ROOT;
    ops.push({ ...stamp(), t: 'create', node, kind: 'file', parent, name: `file ${i}.txt`, content });
  }
  replica.receive(ops);
  let doc = Automerge.from(emptyDriveDocument());
  for (let i = 0; i < ops.length; i += WRITE_BATCH) {
    const batch = ops.slice(i, i + WRITE_BATCH);
    doc = Automerge.change(doc, (d) => writeOps(d, batch, (text) => new Automerge.ImmutableString(text)));
  }
  return { replica, doc, folders, files };
}
