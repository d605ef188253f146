// Reading operations out of a drive document as automerge-repo hands it over: from a change's patches
// when they name the operations, from the whole document otherwise, and never trusting its shape.
import { describe, expect, it } from 'vitest';
import * as Automerge from '@automerge/automerge';
import { ImmutableString, Repo, type Patch } from '@automerge/automerge-repo';
import { createFolder } from '@sheaf/shared/drive/drive-commands';
import {
  emptyDriveDocument,
  layoutOps,
  shardOf,
  writeOps,
  type DriveDocument,
  type StoredEntry,
} from '@sheaf/shared/drive/drive-document';
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
    const ops = made(4);
    const written = layoutOps([...ops.slice(0, 3)].reverse());
    const own = new Map(written.map((entry) => [entry.key, entry]));
    const seen: Array<DriveOp[] | undefined> = [];
    handle.on('change', ({ patches }) => seen.push(ownOpsOfChange(patches, own)));
    handle.change((d) => {
      writeOps(d, [...ops.slice(0, 3)].reverse(), (text) => new ImmutableString(text));
    });
    // A key it did not write (or one in another shard than the one it wrote to) is read from the document.
    handle.change((d) => {
      writeOps(d, ops.slice(3), (text) => new ImmutableString(text));
    });
    expect(seen).toEqual([ops.slice(0, 3), undefined]);
    const [entry] = written;
    if (entry === undefined) throw new Error('nothing written');
    const elsewhere = entry.shard === '00' ? '01' : '00';
    expect(ownOpsOfChange([{ action: 'put', path: ['ops', elsewhere, entry.key], value: '' }], own)).toBeUndefined();
    expect(ownOpsOfChange([{ action: 'put', path: ['ops', '00'], value: {} }], own)).toBeUndefined();
    // Its entry is found only under its key: the bundle's other operations are not keys of their own.
    const other = ops[1];
    if (other === undefined) throw new Error('no operation made');
    expect(ownOpsOfChange([{ action: 'put', path: ['ops', shardOf(other.node), other.id], value: '' }], own)).toBe(
      undefined,
    );
    await repo.shutdown();
  });

  it('reads a bundle change from its patches, as the relay and as itself', async () => {
    const repo = new Repo({});
    const handle = repo.create<DriveDocument>(emptyDriveDocument());
    const ops = made(6);
    const single = ops.slice(0, 1);
    const bundle = ops.slice(1);
    const seen: DriveOp[][] = [];
    const patchesSeen: Patch[][] = [];
    handle.on('change', ({ doc, patches }) => {
      patchesSeen.push(patches);
      seen.push(opsOfChange(doc, patches));
    });
    handle.change((d) => {
      writeOps(d, single, (text) => new ImmutableString(text));
    });
    let entries: StoredEntry[] = [];
    handle.change((d) => {
      entries = writeOps(d, bundle, (text) => new ImmutableString(text));
    });
    expect(entries).toHaveLength(1);
    expect(seen).toEqual([single, bundle]);
    expect(patchesSeen.map((p) => touchedOps(p))).toEqual([
      [{ shard: shardOf(single[0]?.node ?? ROOT), key: single[0]?.id }],
      [{ shard: entries[0]?.shard, key: entries[0]?.key }],
    ]);
    expect(ownOpsOfChange(patchesSeen[1] ?? [], new Map(entries.map((e) => [e.key, e])))).toEqual(bundle);
    expect(handle.doc().schemaVersion).toBe(3);
    await repo.shutdown();
  });

  it('round-trips bundles and single operations through a saved and loaded Automerge document', () => {
    const ops = made(30);
    let doc = Automerge.from<DriveDocument>(emptyDriveDocument());
    const parts = [ops.slice(0, 1), ops.slice(1, 12), ops.slice(12, 13), ops.slice(13)];
    for (const part of parts) {
      doc = Automerge.change(doc, (d) => {
        writeOps(d, part, (text) => new Automerge.ImmutableString(text));
      });
    }
    const loaded = Automerge.load<DriveDocument>(Automerge.save(doc));
    expect(opsOfDocument(loaded)).toEqual(ops);
    expect(loaded.schemaVersion).toBe(3);
    // A document that never had a bundle stays at schema 2, readable by older clients.
    const plain = Automerge.change(Automerge.from<DriveDocument>(emptyDriveDocument()), (d) => {
      writeOps(d, ops.slice(0, 1), (text) => new Automerge.ImmutableString(text));
    });
    expect(Automerge.load<DriveDocument>(Automerge.save(plain)).schemaVersion).toBe(2);
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
    // A bundle under another key than its smallest id is skipped whole; a sound one is read.
    const bundled = made(3);
    const [a, b, c] = bundled;
    if (a === undefined || b === undefined || c === undefined) throw new Error('no operation made');
    const odd = { ops: { '00': { [b.id]: JSON.stringify([a, b]), [c.id]: JSON.stringify([c, 'x']), y: '[]' } } };
    expect(opsOfDocument(odd)).toEqual([]);
    const sound = { ops: { '00': { [a.id]: new ImmutableString(JSON.stringify([c, a, b])) } } };
    expect(opsOfDocument(sound)).toEqual(bundled);
    expect(opsOfChange(sound, [{ action: 'put', path: ['ops', '00', a.id], value: '' }])).toEqual(bundled);
    for (const odd of [null, 3, 'doc', [], {}, { ops: null }, { ops: [] }]) expect(opsOfDocument(odd)).toEqual([]);
    expect(opsOfChange(null, [{ action: 'put', path: ['ops', '00', 'x'], value: 1 }])).toEqual([]);
  });
});
