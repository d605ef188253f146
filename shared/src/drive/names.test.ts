import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_NAME_BYTES,
  NAME_ERROR_KINDS,
  conflictCopyName,
  nameKey,
  numberedName,
  resolveSiblingNames,
  splitExtension,
  uniqueSiblingName,
  validateName,
  type NameErrorKind,
  type SiblingEntry,
  type ValidName,
} from './names.js';

// shared/ has no DOM types; TextEncoder is global in Node and browsers alike.
declare const TextEncoder: new () => { encode(input: string): Uint8Array };
const bytes = (s: string): number => new TextEncoder().encode(s).length;

/** A test fixture known to be valid; fails the test loudly otherwise. */
const valid = (raw: string): ValidName => {
  const r = validateName(raw);
  if (!r.ok) throw new Error(`fixture "${raw}" is invalid: ${r.error.kind}`);
  return r.value;
};

const expectValid = (name: string): void => {
  const r = validateName(name);
  expect(r.ok, `"${name}" should be valid`).toBe(true);
  if (r.ok) expect(r.value).toBe(name);
  expect(bytes(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
};

const kindOf = (raw: string): NameErrorKind | 'ok' => {
  const r = validateName(raw);
  return r.ok ? 'ok' : r.error.kind;
};

// Arbitrary strings made valid the way a user would fix them, so that long, multi-byte and dotted names
// (the cases that make numbering shorten) turn up often instead of being filtered away.
const repair = (s: string): string => {
  let out = s.normalize('NFC').replace(/[\p{Cc}\p{Cs}/\\<>:"|?*]/gu, '');
  while (bytes(out) > MAX_NAME_BYTES) out = [...out].slice(0, -1).join('');
  return out.replace(/[. ]+$/u, '');
};
const nameArb: fc.Arbitrary<ValidName> = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.tuple(fc.string({ minLength: 1, maxLength: 260 }), fc.string({ maxLength: 8 })).map(([a, b]) => `${a}.${b}`),
    fc
      .tuple(fc.constantFrom('a', 'é', '€', '😀', 'e\u0301'), fc.integer({ min: 40, max: 260 }), fc.string())
      .map(([c, n, ext]) => `${c.repeat(n)}.${ext}`),
  )
  .map(repair)
  .map((s) => validateName(s))
  .filter((r) => r.ok)
  .map((r) => (r.ok ? r.value : ('' as ValidName)));

describe('validateName', () => {
  it.each([
    'report.pdf',
    'Photos',
    '.bashrc',
    ' leading space',
    'archive.tar.gz',
    'Résumé 2024',
    '日本語のファイル.txt',
    'emoji 😀.png',
    'a'.repeat(255),
    '😀'.repeat(63) + 'abc',
    'CONSOLE',
    'com10',
    'xcon.txt',
    'con_txt',
    'LPT',
    'ＣＯＮ',
    '...x',
    'a (1).txt',
    "O'Brien & sons [draft] {v2} #1 100%.doc",
  ])('accepts %j', (name) => {
    expectValid(name);
  });

  it.each<[string, NameErrorKind]>([
    ['', 'empty'],
    ['   ', 'empty'],
    ['\u00a0\u3000', 'empty'],
    ['.', 'dot_name'],
    ['..', 'dot_name'],
    ['a/b', 'slash'],
    ['/', 'slash'],
    ['a\\b', 'backslash'],
    ['a\u0000b', 'control_character'],
    ['tab\there', 'control_character'],
    ['line\nbreak', 'control_character'],
    ['del\u007f', 'control_character'],
    ['\u001f', 'control_character'],
    ['a<b', 'forbidden_character'],
    ['a>b', 'forbidden_character'],
    ['a:b', 'forbidden_character'],
    ['a"b', 'forbidden_character'],
    ['a|b', 'forbidden_character'],
    ['a?b', 'forbidden_character'],
    ['a*b', 'forbidden_character'],
    ['lone \ud800 high', 'invalid_unicode'],
    ['lone \udc00 low', 'invalid_unicode'],
    ['a'.repeat(256), 'too_long'],
    ['é'.repeat(128), 'too_long'],
    ['😀'.repeat(64), 'too_long'],
    ['CON', 'reserved_name'],
    ['con.txt', 'reserved_name'],
    ['Com1', 'reserved_name'],
    ['NUL.tar.gz', 'reserved_name'],
    ['aux', 'reserved_name'],
    ['prn.', 'reserved_name'],
    ['lpt9.log', 'reserved_name'],
    ['COM0', 'reserved_name'],
    ['com\u00b9.txt', 'reserved_name'],
    ['nul .txt', 'reserved_name'],
    ['name.', 'trailing_dot'],
    ['...', 'trailing_dot'],
    ['name ', 'trailing_space'],
    ['name.txt ', 'trailing_space'],
  ])('rejects %j as %s', (raw, kind) => {
    expect(kindOf(raw)).toBe(kind);
  });

  it('gives a clear message naming the offending character', () => {
    const r = validateName('a/b');
    expect(r).toEqual({ ok: false, error: { kind: 'slash', message: 'A name can\'t contain "/"' } });
    const q = validateName('why?');
    expect(q.ok ? '' : q.error.message).toBe('A name can\'t contain "?"');
    const c = validateName('Com1.txt');
    expect(c.ok ? '' : c.error.message).toContain('"Com1" is reserved');
  });

  it('has a distinct kind and message for every rule', () => {
    const examples = ['', '.', '/', '\\', '\u0001', '<', '\ud800', 'a'.repeat(256), 'con', 'a.', 'a '];
    const errors = examples.map((e) => validateName(e)).map((r) => (r.ok ? undefined : r.error));
    expect(errors.map((e) => e?.kind).sort()).toEqual([...NAME_ERROR_KINDS].sort());
    expect(new Set(errors.map((e) => e?.message)).size).toBe(NAME_ERROR_KINDS.length);
  });

  it('normalises to NFC before checking and returns the normalised name', () => {
    const decomposed = 'Re\u0301sume\u0301.txt';
    expect(validateName(decomposed)).toEqual({ ok: true, value: 'R\u00e9sum\u00e9.txt' });
    // 128 decomposed é are 384 bytes but 256 once composed; 127 fit after NFC.
    expect(kindOf('e\u0301'.repeat(127))).toBe('ok');
    expect(kindOf('e\u0301'.repeat(128))).toBe('too_long');
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(kindOf('é'.repeat(127))).toBe('ok');
    expect(kindOf('a' + 'é'.repeat(127))).toBe('ok');
    expect(kindOf('aa' + 'é'.repeat(127))).toBe('too_long');
  });

  it('never throws, and accepts only NFC names within the byte limit that it accepts again unchanged', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: 'grapheme-composite', maxLength: 100 }),
          fc.string({
            unit: fc.constantFrom('\ud83d', '\ude00', 'a', '.', ' ', 'C', 'O', 'N', '\u0301'),
            maxLength: 12,
          }),
        ),
        (raw) => {
          const r = validateName(raw);
          if (!r.ok) {
            expect(NAME_ERROR_KINDS).toContain(r.error.kind);
            expect(r.error.message.length).toBeGreaterThan(0);
            return;
          }
          expect(r.value).toBe(raw.normalize('NFC'));
          expect(bytes(r.value)).toBeLessThanOrEqual(MAX_NAME_BYTES);
          expect(validateName(r.value)).toEqual(r);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('nameKey', () => {
  it('ignores case and Unicode normalisation', () => {
    expect(nameKey('Report.PDF')).toBe(nameKey('report.pdf'));
    expect(nameKey('R\u00e9sum\u00e9')).toBe(nameKey('RE\u0301SUME\u0301'));
    expect(nameKey('a.txt')).not.toBe(nameKey('b.txt'));
    expect(nameKey('a')).not.toBe(nameKey('a '));
  });

  it('merges what uppercase comparison (NTFS) and full case mapping merge', () => {
    expect(nameKey('Straße')).toBe(nameKey('STRASSE'));
    expect(nameKey('ß')).toBe(nameKey('ẞ'));
    expect(nameKey('ΟΔΟΣ')).toBe(nameKey('οδος'));
    expect(nameKey('οδοσ')).toBe(nameKey('οδος'));
    expect(nameKey('\u212a')).toBe(nameKey('k')); // Kelvin sign
    expect(nameKey('ſ')).toBe(nameKey('S'));
  });

  it('does not depend on a Turkish locale', () => {
    expect(nameKey('I')).toBe('i');
    expect(nameKey('ı')).toBe(nameKey('I'));
  });

  it('is idempotent, and a name and its lower or upper case share a key', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        expect(nameKey(nameKey(s))).toBe(nameKey(s));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'B', 'é', 'Ä', 'ß', 'Σ', 'ς', 'ǅ', 'İ', ' ', '.') }), (s) => {
        expect(nameKey(s.toUpperCase())).toBe(nameKey(s));
        expect(nameKey(s.toLowerCase())).toBe(nameKey(s));
      }),
    );
  });
});

describe('splitExtension', () => {
  it.each([
    ['report.pdf', 'report', '.pdf'],
    ['archive.tar.gz', 'archive.tar', '.gz'],
    ['Photos', 'Photos', ''],
    ['.bashrc', '.bashrc', ''],
    ['..x', '..x', ''],
    ['.config.json', '.config', '.json'],
    ['name.', 'name.', ''],
    ['a..b', 'a.', '.b'],
    ['', '', ''],
  ])('%j → %j + %j', (name, stem, ext) => {
    expect(splitExtension(name)).toEqual({ stem, ext });
  });
});

describe('numberedName', () => {
  it('puts the number before the extension', () => {
    expect(numberedName(valid('report.pdf'), 2)).toBe('report (2).pdf');
    expect(numberedName(valid('Photos'), 2)).toBe('Photos (2)');
    expect(numberedName(valid('archive.tar.gz'), 1)).toBe('archive.tar (1).gz');
    expect(numberedName(valid('.bashrc'), 3)).toBe('.bashrc (3)');
  });

  it('shortens the stem to fit 255 bytes and keeps the extension', () => {
    const long = valid('a'.repeat(251) + '.txt');
    const n = numberedName(long, 12);
    expect(n).toBe('a'.repeat(251 - 5) + ' (12).txt');
    expect(bytes(n)).toBe(255);
  });

  it('never splits a surrogate pair when shortening', () => {
    const emoji = valid('😀'.repeat(62) + '.txt'); // 252 bytes
    const n = numberedName(emoji, 2);
    expect(n).toBe('😀'.repeat(61) + ' (2).txt');
    expect(kindOf(n)).toBe('ok');
  });

  it('drops an extension so long it leaves no room for the stem', () => {
    const n = numberedName(valid('a.' + 'x'.repeat(252)), 7);
    expect(n.endsWith(' (7)')).toBe(true);
    expect(bytes(n)).toBe(255);
  });

  it('rejects a number that is not a positive integer', () => {
    expect(() => numberedName(valid('a'), 0)).toThrow(RangeError);
    expect(() => numberedName(valid('a'), 1.5)).toThrow(RangeError);
    expect(() => numberedName(valid('a'), Number.NaN)).toThrow(RangeError);
  });

  it('always gives a valid name within 255 bytes, different for every n', () => {
    fc.assert(
      fc.property(
        nameArb,
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (name, a, b) => {
          const na = numberedName(name, a);
          expect(validateName(na)).toEqual({ ok: true, value: na });
          expect(bytes(na)).toBeLessThanOrEqual(MAX_NAME_BYTES);
          expect(na === numberedName(name, b)).toBe(a === b);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('uniqueSiblingName', () => {
  const takenBy =
    (...names: string[]) =>
    (key: string): boolean =>
      names.some((n) => nameKey(n) === key);

  it('keeps a free name', () => {
    expect(uniqueSiblingName(valid('report.pdf'), takenBy('other.pdf'))).toBe('report.pdf');
  });

  it('numbers from 1, skipping taken numbers, ignoring case', () => {
    expect(uniqueSiblingName(valid('report.pdf'), takenBy('report.pdf'))).toBe('report (1).pdf');
    expect(uniqueSiblingName(valid('report.pdf'), takenBy('REPORT.PDF', 'Report (1).pdf'))).toBe('report (2).pdf');
    expect(uniqueSiblingName(valid('Photos'), takenBy('photos', 'photos (2)'))).toBe('Photos (1)');
  });

  it('appends to a name that is already numbered instead of parsing it', () => {
    expect(uniqueSiblingName(valid('report (3).pdf'), takenBy('report (3).pdf'))).toBe('report (3) (1).pdf');
  });

  it('always returns a valid name whose key is free', () => {
    fc.assert(
      fc.property(nameArb, fc.array(nameArb, { maxLength: 10 }), fc.nat(5), (desired, others, copies) => {
        const keys = new Set(
          [...others, ...Array.from({ length: copies }, (_, i) => (i === 0 ? desired : numberedName(desired, i)))].map(
            nameKey,
          ),
        );
        const name = uniqueSiblingName(desired, (k) => keys.has(k));
        expect(keys.has(nameKey(name))).toBe(false);
        expect(kindOf(name)).toBe('ok');
        if (!keys.has(nameKey(desired))) expect(name).toBe(desired);
      }),
      { numRuns: 300 },
    );
  });
});

describe('conflictCopyName', () => {
  const march5 = Date.UTC(2024, 2, 5, 12, 0, 0);

  it('names the device and the UTC day, Dropbox style', () => {
    expect(conflictCopyName(valid('report.pdf'), "Alice's laptop", march5)).toBe(
      "report (Alice's laptop's conflicted copy 2024-03-05).pdf",
    );
    expect(conflictCopyName(valid('Photos'), 'Pixel 8', new Date(march5))).toBe(
      "Photos (Pixel 8's conflicted copy 2024-03-05)",
    );
  });

  it('uses the UTC calendar day whatever the local time zone', () => {
    expect(conflictCopyName(valid('a.txt'), 'd', Date.UTC(2023, 11, 31, 23, 59, 59))).toContain('2023-12-31');
    expect(conflictCopyName(valid('a.txt'), 'd', Date.UTC(2024, 0, 1, 0, 0, 1))).toContain('2024-01-01');
  });

  it('cleans the device name so the result is valid', () => {
    expect(conflictCopyName(valid('a.txt'), ' Bob/PC:1 <work>\n', march5)).toBe(
      "a (BobPC1 work's conflicted copy 2024-03-05).txt",
    );
    expect(conflictCopyName(valid('a.txt'), ' \t?*', march5)).toBe(
      "a (Unknown device's conflicted copy 2024-03-05).txt",
    );
    expect(conflictCopyName(valid('a.txt'), '', march5)).toContain('Unknown device');
    const long = conflictCopyName(valid('a.txt'), 'x'.repeat(500), march5);
    expect(long).toBe(`a (${'x'.repeat(64)}'s conflicted copy 2024-03-05).txt`);
  });

  it('shortens a long stem to fit 255 bytes', () => {
    const n = conflictCopyName(valid('é'.repeat(125) + '.docx'), 'Phone', march5);
    expect(bytes(n)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(n.endsWith("(Phone's conflicted copy 2024-03-05).docx")).toBe(true);
    expect(kindOf(n)).toBe('ok');
  });

  it('rejects an invalid date', () => {
    expect(() => conflictCopyName(valid('a'), 'd', Number.NaN)).toThrow(RangeError);
    expect(() => conflictCopyName(valid('a'), 'd', new Date('nope'))).toThrow(RangeError);
  });

  it('always gives a valid name within 255 bytes', () => {
    fc.assert(
      fc.property(
        nameArb,
        fc.string({ unit: 'binary', maxLength: 100 }),
        fc.integer({ min: -8.64e15, max: 8.64e15 }),
        (name, device, ms) => {
          const copy = conflictCopyName(name, device, ms);
          expect(validateName(copy)).toEqual({ ok: true, value: copy });
          expect(nameKey(copy)).not.toBe(nameKey(name));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('resolveSiblingNames', () => {
  const entry = (id: string, name: string, rank: string): SiblingEntry => ({ id, name: valid(name), rank });
  const asObject = (m: Map<string, ValidName>): Record<string, string> => Object.fromEntries([...m].sort());

  it('leaves names that collide with nobody alone', () => {
    const result = resolveSiblingNames([entry('x', 'a.txt', '2'), entry('y', 'b.txt', '1')]);
    expect(asObject(result)).toEqual({ x: 'a.txt', y: 'b.txt' });
  });

  it('lets the smallest rank keep the name and numbers the rest in rank order', () => {
    const result = resolveSiblingNames([
      entry('late', 'Report.pdf', '0003'),
      entry('first', 'report.pdf', '0001'),
      entry('middle', 'REPORT.PDF', '0002'),
    ]);
    expect(asObject(result)).toEqual({ first: 'report.pdf', middle: 'REPORT (1).PDF', late: 'Report (2).pdf' });
  });

  it('skips numbered names that another entry already has', () => {
    const result = resolveSiblingNames([
      entry('a', 'a.txt', '1'),
      entry('b', 'a.txt', '2'),
      entry('c', 'a (1).txt', '9'),
    ]);
    expect(asObject(result)).toEqual({ a: 'a.txt', b: 'a (2).txt', c: 'a (1).txt' });
  });

  it('keeps shortened numbered names of different long names apart', () => {
    // 253-byte names: " (1)" needs 4 bytes, so both losers shorten to the same 251-byte stem.
    const x = 'x'.repeat(252);
    const short = 'x'.repeat(251);
    const result = resolveSiblingNames([
      entry('p', `${x}A`, '1'),
      entry('q', `${x}a`, '2'),
      entry('r', `${x}B`, '3'),
      entry('s', `${x}b`, '4'),
    ]);
    expect(asObject(result)).toEqual({ p: `${x}A`, q: `${short} (1)`, r: `${x}B`, s: `${short} (2)` });
  });

  it('breaks a tie in rank by id', () => {
    const result = resolveSiblingNames([entry('b', 'n', 'same'), entry('a', 'N', 'same')]);
    expect(asObject(result)).toEqual({ a: 'N', b: 'n (1)' });
  });

  it('throws on a duplicate id, a bug in the caller', () => {
    expect(() => resolveSiblingNames([entry('a', 'x', '1'), entry('a', 'y', '2')])).toThrow(/duplicate/);
  });

  // Few distinct characters so that names collide often, with a long variant to exercise shortening.
  const collidingName = fc
    .tuple(
      fc.constantFrom('', 'z'.repeat(248)),
      fc.string({
        unit: fc.constantFrom('a', 'A', 'é', 'e\u0301', 'ß', 'SS', ' (1)', '.'),
        minLength: 1,
        maxLength: 2,
      }),
      fc.constantFrom('', '.txt', '.TXT'),
    )
    .map(([prefix, body, ext]) => validateName(prefix + body + ext))
    .filter((r) => r.ok)
    .map((r) => (r.ok ? r.value : ('' as ValidName)));
  const entriesArb = fc
    .uniqueArray(
      fc.record({
        id: fc.string({ maxLength: 4 }),
        name: collidingName,
        rank: fc.string({ unit: fc.constantFrom('0', '1', '2'), maxLength: 3 }),
      }),
      { selector: (e) => e.id, minLength: 2, maxLength: 25, size: 'max' },
    )
    .chain((es) => fc.tuple(fc.constant(es), fc.shuffledSubarray(es, { minLength: es.length, maxLength: es.length })));

  it('resolves the same set of entries to the same names in any order, all unique, valid, untouched where free', () => {
    fc.assert(
      fc.property(entriesArb, ([entries, shuffled]) => {
        const result = resolveSiblingNames(entries);
        expect(asObject(resolveSiblingNames(shuffled))).toEqual(asObject(result));

        expect([...result.keys()].sort()).toEqual(entries.map((e) => e.id).sort());
        const keys = [...result.values()].map(nameKey);
        expect(new Set(keys).size).toBe(keys.length);
        for (const name of result.values()) expect(validateName(name)).toEqual({ ok: true, value: name });

        for (const e of entries) {
          const rivals = entries.filter((o) => o.id !== e.id && nameKey(o.name) === nameKey(e.name));
          if (rivals.length === 0) expect(result.get(e.id)).toBe(e.name);
          const beaten = rivals.some((o) => o.rank < e.rank || (o.rank === e.rank && o.id < e.id));
          if (!beaten) expect(result.get(e.id)).toBe(e.name);
        }
      }),
      { numRuns: 500 },
    );
  });
});
