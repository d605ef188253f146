import { describe, expect, it } from 'vitest';
import { createFolder } from '@sheaf/shared/drive/drive-commands';
import { emptyDriveDocument, shardOf, writeOps } from '@sheaf/shared/drive/drive-document';
import { ROOT } from '@sheaf/shared/drive/node-id';
import type { DriveOp } from '@sheaf/shared/drive/ops';
import { testReplica } from '@sheaf/shared/drive/testing';
import { opsFromPatches, readDocOps, type TextOf } from './doc-ops.js';

/** Stands in for Automerge's ImmutableString: an object whose text comes from toString. */
class Boxed {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}
const textOf: TextOf = (value) =>
  typeof value === 'string' ? value : value instanceof Boxed ? value.toString() : undefined;

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
    expect(readDocOps({ ...emptyDriveDocument(), schemaVersion: 3 }, textOf).newerSchema).toBe(true);
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
});
