import { describe, expect, it } from 'vitest';
import * as Automerge from '@automerge/automerge';
import { createFile, createFolder } from '@sheaf/shared/drive/drive-commands';
import { emptyDriveDocument, shardOf, writeOps, type DriveDocument } from '@sheaf/shared/drive/drive-document';
import { ROOT } from '@sheaf/shared/drive/node-id';
import type { DriveOp } from '@sheaf/shared/drive/ops';
import { testContent, testReplica } from '@sheaf/shared/drive/testing';
import { isNewerSchema, opsFromPatches, readDocOps, type TextOf } from './doc-ops.js';

/** Stands in for Automerge's ImmutableString: an object whose text comes from toString. */
class Boxed {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}
const textOf: TextOf = (value) =>
  typeof value === 'string' ? value : value instanceof Boxed ? value.toString() : undefined;

/** Operations of `count` small files made on one device, in the order made (ids increasing). */
function fileOps(count: number): DriveOp[] {
  const replica = testReplica('files');
  const out: DriveOp[] = [];
  for (let i = 0; i < count; i++) {
    const made = replica.run((a, t) => createFile(a, t, ROOT, `f${i}`, testContent(i)));
    if (!made.ok) throw new Error(made.error.message);
    out.push(...made.value);
  }
  return out;
}

const byId = (ops: readonly DriveOp[]): DriveOp[] => [...ops].sort((x, y) => (x.id < y.id ? -1 : 1));

function someOps(): DriveOp[] {
  const replica = testReplica('alpha');
  const made = replica.run((a, t) => createFolder(a, t, ROOT, 'Docs'));
  if (!made.ok) throw new Error(made.error.message);
  return made.value;
}

describe('readDocOps', () => {
  it('reads every stored operation and reports the broken ones', () => {
    const doc = emptyDriveDocument();
    const ops = someOps();
    writeOps(doc, ops, (text) => new Boxed(text));
    const shard = doc.ops['00'];
    if (shard === undefined) throw new Error('no shard');
    shard['junk'] = new Boxed('{');
    const read = readDocOps(doc, textOf);
    expect(read.ops).toEqual(ops);
    expect(read.skipped).toEqual([{ key: 'junk', reason: 'not JSON' }]);
    expect(read.notADrive).toBe(false);
    expect(read.newerSchema).toBe(false);
  });

  it('refuses what is not a drive and flags a newer schema', () => {
    expect(readDocOps({ files: {} }, textOf).notADrive).toBe(true);
    expect(readDocOps(undefined, textOf).notADrive).toBe(true);
    expect(readDocOps({ ...emptyDriveDocument(), schemaVersion: 4 }, textOf).newerSchema).toBe(true);
    expect(isNewerSchema({ schemaVersion: 4 })).toBe(true);
  });

  it('opens documents of schema 2 and 3 alike, bundles and single operations', () => {
    const ops = fileOps(8);
    const v2 = emptyDriveDocument();
    expect(v2.schemaVersion).toBe(2);
    writeOps(v2, ops.slice(0, 1), (text) => new Boxed(text));
    const read2 = readDocOps(v2, textOf);
    expect(read2).toEqual({ ops: ops.slice(0, 1), skipped: [], notADrive: false, newerSchema: false });
    writeOps(v2, ops.slice(1), (text) => new Boxed(text));
    expect(v2.schemaVersion).toBe(3);
    const read3 = readDocOps(v2, textOf);
    expect(read3.newerSchema).toBe(false);
    expect(isNewerSchema(v2)).toBe(false);
    expect(read3.skipped).toEqual([]);
    expect(byId(read3.ops)).toEqual(ops);
  });
});

describe('opsFromPatches', () => {
  it('decodes puts of operations and ignores new shards and other fields', () => {
    const [op] = someOps();
    if (op === undefined) throw new Error('no op');
    const patches = [
      { action: 'put', path: ['schemaVersion'], value: 2 },
      { action: 'put', path: ['ops', '7f'], value: {} },
      { action: 'put', path: ['ops', shardOf(op.node), op.id], value: new Boxed(JSON.stringify(op)) },
    ];
    expect(opsFromPatches(patches, textOf)).toEqual({ ops: [op], skipped: [], reread: false });
  });

  it('skips a value stored under another id or of the wrong type', () => {
    const [op] = someOps();
    if (op === undefined) throw new Error('no op');
    const patches = [
      { action: 'put', path: ['ops', '00', 'x'], value: JSON.stringify(op) },
      { action: 'put', path: ['ops', '00', 'y'], value: 42 },
    ];
    const out = opsFromPatches(patches, textOf);
    expect(out.ops).toEqual([]);
    expect(out.skipped.map((s) => s.key)).toEqual(['x', 'y']);
    expect(out.reread).toBe(false);
  });

  it('asks for a full read when a patch is not understood', () => {
    expect(opsFromPatches([{ action: 'del', path: ['ops', '00', 'k'] }], textOf).reread).toBe(true);
    expect(opsFromPatches([{ action: 'put', path: ['ops'], value: {} }], textOf).reread).toBe(true);
    expect(opsFromPatches([{ action: 'splice', path: ['ops', '00', 'k', 0], value: 'a' }], textOf).reread).toBe(true);
  });

  it('reads the operations of a bundle from the patches Automerge makes', () => {
    const ops = fileOps(12);
    let doc = Automerge.from<DriveDocument>(emptyDriveDocument());
    const seen: Array<ReturnType<typeof opsFromPatches>> = [];
    const amTextOf: TextOf = (value) =>
      typeof value === 'string' ? value : Automerge.isImmutableString(value) ? value.toString() : undefined;
    for (const part of [ops.slice(0, 1), ops.slice(1)]) {
      doc = Automerge.change(doc, { patchCallback: (patches) => seen.push(opsFromPatches(patches, amTextOf)) }, (d) => {
        writeOps(d, part, (text) => new Automerge.ImmutableString(text));
      });
    }
    expect(seen).toEqual([
      { ops: ops.slice(0, 1), skipped: [], reread: false },
      { ops: ops.slice(1), skipped: [], reread: false },
    ]);
  });

  it('skips a bad bundle whole and a bad operation in a sound bundle alone', () => {
    const [a, b] = fileOps(2);
    if (a === undefined || b === undefined) throw new Error('no ops');
    const patches = [
      { action: 'put', path: ['ops', '00', b.id], value: new Boxed(JSON.stringify([a, b])) },
      { action: 'put', path: ['ops', '00', a.id], value: new Boxed(JSON.stringify([a, { ...b, t: 'later' }])) },
      { action: 'put', path: ['ops', '01', a.id], value: '[]' },
    ];
    const out = opsFromPatches(patches, textOf);
    expect(out.ops).toEqual([a]);
    expect(out.skipped.map((s) => s.key)).toEqual([b.id, `${a.id}[1]`, a.id]);
    expect(out.reread).toBe(false);
  });
});
