// Reading operations out of a drive document as automerge-repo hands it over: from a change's patches
// when they name the operations, from the whole document otherwise, and never trusting its shape.
import { describe, expect, it } from 'vitest';
import { ImmutableString, Repo, type Patch } from '@automerge/automerge-repo';
import { createFolder } from '@sheaf/shared/drive/drive-commands';
import { emptyDriveDocument, shardOf, writeOps, type DriveDocument } from '@sheaf/shared/drive/drive-document';
import { ROOT } from '@sheaf/shared/drive/node-id';
import type { DriveOp } from '@sheaf/shared/drive/ops';
import { testReplica } from '@sheaf/shared/drive/testing';
import { opsOfChange, opsOfDocument, ownOpsOfChange, touchedOps } from './doc-ops.js';

const made = (count: number): DriveOp[] => {
  const r = testReplica('doc-ops');
  const out: DriveOp[] = [];
  for (let i = 0; i < count; i++) {
    const m = r.run((a, t) => createFolder(a, t, ROOT, `F${i}`));
    if (m.ok) out.push(...m.value);
  }
  return out;
};

describe('doc ops', () => {
  it('takes the operations a change wrote from its patches', async () => {
    const repo = new Repo({});
    const handle = repo.create<DriveDocument>(emptyDriveDocument());
    const ops = made(3);
    const seen: DriveOp[][] = [];
    const patchesSeen: Patch[][] = [];
    handle.on('change', ({ doc, patches }) => {
      patchesSeen.push(patches);
      seen.push(opsOfChange(doc, patches));
    });
    handle.change((d) => writeOps(d, ops.slice(0, 2), (text) => new ImmutableString(text)));
    handle.change((d) => writeOps(d, ops.slice(2), (text) => new ImmutableString(text)));
    expect(seen).toEqual([ops.slice(0, 2), ops.slice(2)]);
    expect(patchesSeen.map((p) => touchedOps(p))).not.toContain('all');
    await repo.shutdown();
  });

  it('takes the operations of its own change from what it wrote, and only those', async () => {
    const repo = new Repo({});
    const handle = repo.create<DriveDocument>(emptyDriveDocument());
    const ops = made(3);
    const own = new Map(ops.slice(0, 2).map((op) => [op.id, op]));
    const seen: Array<DriveOp[] | undefined> = [];
    handle.on('change', ({ patches }) => seen.push(ownOpsOfChange(patches, own)));
    handle.change((d) => writeOps(d, [...ops.slice(0, 2)].reverse(), (text) => new ImmutableString(text)));
    // A key it did not write (or one in another shard than its node's) is read from the document.
    handle.change((d) => writeOps(d, ops.slice(1), (text) => new ImmutableString(text)));
    expect(seen).toEqual([ops.slice(0, 2), undefined]);
    const [first] = ops;
    if (first === undefined) throw new Error('no operation made');
    const elsewhere = shardOf(first.node) === '00' ? '01' : '00';
    expect(ownOpsOfChange([{ action: 'put', path: ['ops', elsewhere, first.id], value: '' }], own)).toBeUndefined();
    expect(ownOpsOfChange([{ action: 'put', path: ['ops', '00'], value: {} }], own)).toBeUndefined();
    await repo.shutdown();
  });

  it('falls back to the whole document when patches reshape the shards', () => {
    const patches: Patch[] = [{ action: 'put', path: ['ops', '00'], value: {} }];
    expect(touchedOps(patches)).toBe('all');
    expect(touchedOps([{ action: 'put', path: ['schemaVersion'], value: 2 }])).toEqual([]);
  });

  it('skips whatever is not a stored operation and never throws on an odd document', () => {
    const doc = emptyDriveDocument();
    const ops = made(2);
    writeOps(doc, ops, (text) => text);
    const used = new Set(ops.map((op) => shardOf(op.node)));
    const spare = Object.keys(doc.ops).find((s) => !used.has(s)) ?? '';
    const first = shardOf(ops[0]?.node ?? ROOT);
    const shards: Record<string, unknown> = {
      ...doc.ops,
      [first]: { ...doc.ops[first], x: 42, y: '{bad', z: null },
      [spare]: 'not a map',
    };
    expect(opsOfDocument({ ...doc, ops: shards })).toEqual(ops);
    for (const odd of [null, 3, 'doc', [], {}, { ops: null }, { ops: [] }]) expect(opsOfDocument(odd)).toEqual([]);
    expect(opsOfChange(null, [{ action: 'put', path: ['ops', '00', 'x'], value: 1 }])).toEqual([]);
  });
});
