import { describe, expect, it } from 'vitest';
import { createFile, createFolder } from './drive-commands.js';
import { emptyDriveDocument, readOps, shardOf, SHARD_COUNT, writeOps } from './drive-document.js';
import { ROOT } from './node-id.js';
import { testContent, testReplica } from './testing.js';

class Immutable {
  constructor(readonly val: string) {}
  toString(): string {
    return this.val;
  }
}

describe('drive document', () => {
  it('starts with every shard so that no two devices create one', () => {
    expect(Object.keys(emptyDriveDocument().ops)).toHaveLength(SHARD_COUNT);
  });

  it('round-trips operations through immutable strings', () => {
    const r = testReplica('alpha');
    const folder = r.run((a, t) => createFolder(a, t, ROOT, 'Docs'));
    const file = r.run((a, t) => createFile(a, t, ROOT, 'a.txt', testContent(1)));
    const made = [...(folder.ok ? folder.value : []), ...(file.ok ? file.value : [])];
    const doc = emptyDriveDocument();
    writeOps(doc, made, (text) => new Immutable(text));
    const { ops, skipped } = readOps(doc);
    expect(skipped).toEqual([]);
    expect(ops.sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual(made);
  });

  it('refuses an operation dated past year 9999, which no calendar date could name', () => {
    const r = testReplica('alpha');
    const made = r.run((a, t) => createFile(a, t, ROOT, 'a.txt', testContent(1)));
    const op = made.ok ? made.value[0] : undefined;
    if (op === undefined) throw new Error('no op');
    const doc = emptyDriveDocument();
    writeOps(doc, [{ ...op, at: 9e15 }], (text) => text);
    expect(readOps(doc).skipped.map((s) => s.key)).toEqual([op.id]);
  });

  it('skips what does not parse, and an operation stored under another id', () => {
    const doc = emptyDriveDocument();
    const shard = doc.ops['00'];
    if (!shard) throw new Error('no shard');
    shard['x'] = '{not json';
    shard['000000000001@a'] = JSON.stringify({ id: '000000000002@a', t: 'move' });
    const { ops, skipped } = readOps(doc);
    expect(ops).toEqual([]);
    expect(skipped.map((s) => s.key).sort()).toEqual(['000000000001@a', 'x']);
  });

  it('spreads nodes over the shards', () => {
    const r = testReplica('spread');
    const used = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const made = r.run((a, t) => createFolder(a, t, ROOT, `n${i}`));
      if (made.ok && made.value[0]) used.add(shardOf(made.value[0].node));
    }
    expect(used.size).toBeGreaterThan(200);
  });
});

describe('a document from a broken device', () => {
  it('reads as no operations instead of throwing', () => {
    expect(readOps({}).ops).toEqual([]);
    expect(readOps({ ops: { '00': 'nonsense', '01': { a: 42 } } }).skipped.map((s) => s.key)).toEqual(['00', 'a']);
    expect(readOps(null).ops).toEqual([]);
  });
});
