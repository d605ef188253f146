import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFile, createFolder } from './drive-commands.js';
import {
  BUNDLE_SCHEMA_VERSION,
  decodeStored,
  type DecodedOps,
  emptyDriveDocument,
  FIRST_SCHEMA_VERSION,
  layoutOps,
  MAX_BUNDLE_OPS,
  readOps,
  shardOf,
  SHARD_COUNT,
  writeOps,
} from './drive-document.js';
import { ROOT } from './node-id.js';
import type { DriveOp } from './ops.js';
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

/** `count` operations of one device, as a run of small-file uploads makes them (ids increasing). */
function fileOps(count: number, actor = 'bundler'): DriveOp[] {
  const r = testReplica(actor);
  const out: DriveOp[] = [];
  for (let i = 0; i < count; i++) {
    const made = r.run((a, t) => createFile(a, t, ROOT, `f${i}.txt`, testContent(i)));
    if (!made.ok) throw new Error(made.error.message);
    out.push(...made.value);
  }
  return out;
}

const byId = (ops: readonly DriveOp[]): DriveOp[] => [...ops].sort((x, y) => (x.id < y.id ? -1 : 1));
const decoded = (key: string, text: string): DecodedOps => {
  const into: DecodedOps = { ops: [], skipped: [] };
  decodeStored(key, text, into);
  return into;
};

describe('bundles of operations', () => {
  it('stores one operation as before and several as one bundle under the smallest id', () => {
    const ops = fileOps(5);
    const [first] = ops;
    if (first === undefined) throw new Error('no op');
    expect(layoutOps([first])).toEqual([{ shard: shardOf(first.node), key: first.id, ops: [first] }]);
    // Keyed by the smallest id, not by whichever came first, and in that operation's shard.
    const shuffled = [ops[3], ops[1], ops[0], ops[4], ops[2]].filter((op) => op !== undefined);
    expect(layoutOps(shuffled)).toEqual([{ shard: shardOf(first.node), key: first.id, ops: shuffled }]);
    expect(layoutOps([])).toEqual([]);
  });

  it('splits a call of more than MAX_BUNDLE_OPS operations', () => {
    const ops = fileOps(2 * MAX_BUNDLE_OPS + 1);
    const entries = layoutOps(ops);
    expect(entries.map((e) => e.ops.length)).toEqual([MAX_BUNDLE_OPS, MAX_BUNDLE_OPS, 1]);
    const doc = emptyDriveDocument();
    writeOps(doc, ops, (text) => new Immutable(text));
    const read = readOps(doc);
    expect(read.skipped).toEqual([]);
    expect(byId(read.ops)).toEqual(ops);
  });

  it('round-trips a document mixing single operations and bundles', () => {
    const ops = fileOps(40);
    const doc = emptyDriveDocument();
    writeOps(doc, ops.slice(0, 1), (text) => new Immutable(text));
    expect(doc.schemaVersion).toBe(FIRST_SCHEMA_VERSION);
    writeOps(doc, ops.slice(1, 20), (text) => new Immutable(text));
    expect(doc.schemaVersion).toBe(BUNDLE_SCHEMA_VERSION);
    writeOps(doc, ops.slice(20, 21), (text) => text);
    writeOps(doc, ops.slice(21), (text) => text);
    const read = readOps(doc);
    expect(read.skipped).toEqual([]);
    expect(byId(read.ops)).toEqual(ops);
    const stored = Object.values(doc.ops).flatMap((shard) => Object.keys(shard));
    expect(stored.sort()).toEqual([ops[0]?.id, ops[1]?.id, ops[20]?.id, ops[21]?.id]);
  });

  it('raises the schema version only when it writes a bundle, and never lowers it', () => {
    const ops = fileOps(2);
    const doc = emptyDriveDocument();
    writeOps(doc, ops.slice(0, 1), (text) => text);
    expect(doc.schemaVersion).toBe(2);
    writeOps(doc, ops, (text) => text);
    expect(doc.schemaVersion).toBe(3);
    const newer = { ...emptyDriveDocument(), schemaVersion: 7 };
    writeOps(newer, ops, (text) => text);
    expect(newer.schemaVersion).toBe(7);
  });

  it('skips a bundle that is empty, too long, not of operations, or stored under another id', () => {
    const ops = fileOps(3);
    const [a, b, c] = ops;
    if (a === undefined || b === undefined || c === undefined) throw new Error('no ops');
    const json = (items: unknown[]): string => JSON.stringify(items);
    const tooLong = json(Array.from({ length: MAX_BUNDLE_OPS + 1 }, () => a));
    for (const [key, text] of [
      [a.id, '[]'],
      [a.id, tooLong],
      [a.id, json([a, 42])],
      [a.id, json([a, { t: 'create' }])],
      [a.id, json([a, [b]])],
      // The first operation but not the smallest, and an id none of them has.
      [b.id, json([b, a, c])],
      ['x', json([a, b])],
    ] as const) {
      const out = decoded(key, text);
      expect(out.ops).toEqual([]);
      expect(out.skipped).toHaveLength(1);
      expect(out.skipped[0]?.key).toBe(key);
    }
  });

  it('skips a bad operation inside a sound bundle alone', () => {
    const [a, b, c] = fileOps(3);
    if (a === undefined || b === undefined || c === undefined) throw new Error('no ops');
    const text = JSON.stringify([a, { ...b, t: 'teleport' }, { ...c, at: -1 }]);
    const out = decoded(a.id, text);
    expect(out.ops).toEqual([a]);
    expect(out.skipped.map((s) => s.key)).toEqual([`${a.id}[1]`, `${a.id}[2]`]);
    expect(readOps({ ops: { '00': { [a.id]: text } } }).ops).toEqual([a]);
  });

  it('reads back the same operations however they were split into writes', () => {
    const ops = fileOps(60, 'split');
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        (sizes, reversed) => {
          const order = reversed ? [...ops].reverse() : ops;
          const doc = emptyDriveDocument();
          let at = 0;
          for (const size of sizes) {
            if (at >= order.length) break;
            writeOps(doc, order.slice(at, at + size), (text) => new Immutable(text));
            at += size;
          }
          writeOps(doc, order.slice(at), (text) => new Immutable(text));
          const read = readOps(doc);
          expect(read.skipped).toEqual([]);
          expect(byId(read.ops)).toEqual(ops);
        },
      ),
      { numRuns: 100 },
    );
  });
});
