// File and folder names in the drive: what a valid name is (OneDrive/Windows rules, so any folder can be
// downloaded to any disk), when two sibling names collide, and how a colliding name is renamed: by the
// user's "keep both", by a conflict copy, or deterministically when replicas merge concurrent edits.
import { err, ok, type Result } from '../result.js';

declare const validNameBrand: unique symbol;

/**
 * A file or folder name that passed {@link validateName}: NFC, at most {@link MAX_NAME_BYTES} UTF-8 bytes and
 * portable to Windows, macOS and Linux. Only this module makes one, so a `ValidName` never needs checking again.
 */
export type ValidName = string & { readonly [validNameBrand]: true };

/**
 * The longest name in UTF-8 bytes. 255 bytes is the limit of ext4 and APFS; since a UTF-8 encoding is never
 * shorter than the UTF-16 one, it also keeps within the 255 UTF-16 units of NTFS.
 */
export const MAX_NAME_BYTES = 255;

/** Every way a name can be rejected; one kind per rule so the UI and tests can tell them apart. */
export const NAME_ERROR_KINDS = [
  'empty',
  'dot_name',
  'slash',
  'backslash',
  'control_character',
  'forbidden_character',
  'invalid_unicode',
  'too_long',
  'reserved_name',
  'trailing_dot',
  'trailing_space',
] as const;
export type NameErrorKind = (typeof NAME_ERROR_KINDS)[number];

/** Why a name was rejected: a kind for code and a sentence for the user. */
export type NameError = { readonly kind: NameErrorKind; readonly message: string };

const nameError = (kind: NameErrorKind, message: string): Result<never, NameError> => err({ kind, message });

const WINDOWS_FORBIDDEN = new Set(['<', '>', ':', '"', '|', '?', '*']);

// Microsoft's current list, which adds COM0/LPT0 and the superscript digits Windows also treats as port
// numbers. ASCII-only `i` (no `u` flag) on purpose: Windows compares device names in ASCII, so "ＣＯＮ" is fine.
const RESERVED_DEVICE = /^(?:CON|PRN|AUX|NUL|COM[0-9\u00b9\u00b2\u00b3]|LPT[0-9\u00b9\u00b2\u00b3])$/i;

const isSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdfff;
const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/** Length in UTF-8 bytes; a lone surrogate counts as the 3 bytes of the U+FFFD it would become. */
const utf8Length = (s: string): number => {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (isHighSurrogate(unit) && isLowSurrogate(s.charCodeAt(i + 1))) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
};

const codePointLabel = (c: string): string =>
  `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a character may not appear anywhere in a name, as the error to report; undefined when it may. */
const characterError = (c: string): NameError | undefined => {
  if (c === '/') return { kind: 'slash', message: 'A name can\'t contain "/"' };
  if (c === '\\') return { kind: 'backslash', message: 'A name can\'t contain "\\"' };
  const cp = c.codePointAt(0) ?? 0;
  if (cp <= 0x1f || cp === 0x7f) {
    return {
      kind: 'control_character',
      message: `A name can't contain control characters such as tabs or line breaks (found ${codePointLabel(c)})`,
    };
  }
  if (WINDOWS_FORBIDDEN.has(c)) return { kind: 'forbidden_character', message: `A name can't contain "${c}"` };
  if (c.length === 1 && isSurrogate(cp)) {
    // A lone surrogate has no UTF-8 form: it would turn into U+FFFD on disk and two names could become one.
    return { kind: 'invalid_unicode', message: `A name can't contain an invalid character (${codePointLabel(c)})` };
  }
  return undefined;
};

// Flags the ASCII characters characterError rejects. Every name of a drive is checked when it opens;
// testing each character against the rules (a regular expression per character) made that about 0.5 s
// for 100,000 names, a table lookup about 0.03 s.
const ASCII_REJECTED = new Uint8Array(0x80);
for (let unit = 0; unit < 0x80; unit++) ASCII_REJECTED[unit] = characterError(String.fromCharCode(unit)) ? 1 : 0;

/** The first character that may not appear anywhere in a name, as the error to report. */
const forbiddenCharacter = (name: string): NameError | undefined => {
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    if (unit < 0x80) {
      if (ASCII_REJECTED[unit] === 1) return characterError(name.charAt(i));
    } else if (isSurrogate(unit)) {
      // A pair is one character and allowed; checked one unit at a time, only a lone surrogate is left.
      if (isHighSurrogate(unit) && isLowSurrogate(name.charCodeAt(i + 1))) i += 1;
      else return characterError(name.charAt(i));
    }
  }
  return undefined;
};

/**
 * Checks a name typed or received for a file or folder and returns it as a {@link ValidName}.
 *
 * The name is normalised to NFC first (macOS hands out NFD), and every rule is applied to the normalised form,
 * which is what is returned. Rejected, each with its own {@link NameErrorKind}: an empty name or one of only
 * whitespace (leading spaces are allowed), `.` and `..`, `/`, `\`, control characters U+0000–U+001F and U+007F,
 * the Windows-forbidden `< > : " | ? *`, lone surrogates, more than {@link MAX_NAME_BYTES} UTF-8 bytes, Windows
 * device names with or without an extension (`CON`, `con.txt`, `Com1`, `NUL.tar.gz`), and a trailing dot or space.
 * Never throws, whatever the string.
 */
export const validateName = (raw: string): Result<ValidName, NameError> => {
  const name = raw.normalize('NFC');
  // Any whitespace, not just U+0020: a name that renders as nothing can't be told apart in a listing.
  if (/^\s*$/u.test(name)) return nameError('empty', "A name can't be empty or only spaces");
  if (name === '.' || name === '..') return nameError('dot_name', `"${name}" can't be used as a name`);
  const bad = forbiddenCharacter(name);
  if (bad !== undefined) return err(bad);
  const bytes = utf8Length(name);
  if (bytes > MAX_NAME_BYTES) {
    return nameError(
      'too_long',
      `A name can be at most ${MAX_NAME_BYTES} bytes long (fewer letters for accents and most non-Latin scripts); this one is ${bytes}`,
    );
  }
  // Windows maps "NUL.tar.gz" and "NUL .txt" to the device too: the part before the first dot, less trailing spaces.
  const dot = name.indexOf('.');
  const device = (dot < 0 ? name : name.slice(0, dot)).replace(/ +$/u, '');
  if (RESERVED_DEVICE.test(device)) {
    return nameError('reserved_name', `"${device}" is reserved by Windows and can't be used as a name`);
  }
  // Windows silently strips these, so "a." and "a" would be one file after a download.
  if (name.endsWith('.')) return nameError('trailing_dot', "A name can't end with a dot");
  if (name.endsWith(' ')) return nameError('trailing_space', "A name can't end with a space");
  return ok(name as ValidName);
};

const ASCII_ONLY = /^[^\u0080-\uffff]*$/;

/**
 * The key under which sibling names collide: two names in one folder may not share a key.
 *
 * NFC, then case-insensitive in the widest of the usual senses: lower, upper, then lower case again (with NFC
 * between, since case mapping can denormalise). That merges everything plain lowercasing merges, everything an
 * NTFS-style uppercase comparison merges (`ς`/`σ`/`Σ`, `ſ`/`s`, Kelvin sign/`K`), and full-mapping pairs such as
 * `Straße`/`STRASSE` and `ß`/`ẞ`. Merging too much only costs an extra "(1)"; merging too little would let two
 * names that one disk treats as the same file sit side by side. It depends on no locale (no Turkish dotless i).
 *
 * Replicas must agree on keys; case mappings of assigned characters are stable across Unicode versions, so
 * only a name using characters newer than a replica's Unicode data could be keyed differently there.
 */
export const nameKey = (name: string): string => {
  // ASCII is NFC and its case maps stay in ASCII, where lowering undoes any upper-casing.
  if (ASCII_ONLY.test(name)) return name.toLowerCase();
  const cached = keyCache.get(name);
  if (cached !== undefined) return cached;
  const nfc = (s: string): string => s.normalize('NFC');
  const key = nfc(nfc(nfc(nfc(name).toLowerCase()).toUpperCase()).toLowerCase());
  // A folder's names are keyed again on every change in it: remember them, within a bound.
  if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
  keyCache.set(name, key);
  return key;
};

const KEY_CACHE_LIMIT = 200_000;
const keyCache = new Map<string, string>();

/**
 * Splits a name at its last dot: `archive.tar.gz` → `archive.tar` + `.gz`; `ext` keeps the dot.
 * A name whose part before the last dot is empty or only dots (`.bashrc`, `..x`) or that ends with a dot has
 * no extension: `ext` is `''` and `stem` is the whole name. So `stem` is never empty for a non-empty name.
 */
export const splitExtension = (name: string): { stem: string; ext: string } => {
  const dot = name.lastIndexOf('.');
  if (dot < 0 || dot === name.length - 1 || /^\.*$/u.test(name.slice(0, dot))) return { stem: name, ext: '' };
  return { stem: name.slice(0, dot), ext: name.slice(dot) };
};

/** The longest prefix of `s` within `maxBytes` UTF-8 bytes, cut between code points, never inside a pair. */
const truncateUtf8 = (s: string, maxBytes: number): string => {
  let bytes = 0;
  let end = 0;
  for (const c of s) {
    const cp = c.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes > maxBytes) break;
    end += c.length;
  }
  return s.slice(0, end);
};

/**
 * `stem (label)ext`, shortening the stem so the result fits in {@link MAX_NAME_BYTES}.
 * Cuts at code points rather than graphemes: grapheme segmentation depends on the ICU version, and replicas
 * must derive the same name. If the extension leaves no room for even one character of stem, it is an
 * extension only in form (a 250-byte "extension"), so the whole name is shortened and the extension dropped.
 */
const withLabel = (name: ValidName, label: string): ValidName => {
  const { stem, ext } = splitExtension(name);
  const suffix = ` (${label})`;
  let shortStem = truncateUtf8(stem, MAX_NAME_BYTES - utf8Length(suffix + ext));
  let tail = suffix + ext;
  if (shortStem === '') {
    shortStem = truncateUtf8(name, MAX_NAME_BYTES - utf8Length(suffix));
    tail = suffix;
  }
  // Every piece is NFC and the joins are at "(", ")" and ".", which compose with nothing, so this holds;
  // checking anyway turns a mistake here into a loud bug rather than an invalid name in a shared document.
  const checked = validateName(shortStem + tail);
  if (!checked.ok) throw new Error(`bug: derived name "${shortStem + tail}" is invalid: ${checked.error.kind}`);
  return checked.value;
};

/**
 * `report.pdf`, 2 → `report (2).pdf`; `Photos`, 2 → `Photos (2)`. The number goes before the extension found
 * by {@link splitExtension}, so a folder whose name has a dot is numbered like a file (`v1.2` → `v1 (2).2`).
 * The stem is shortened, at code point boundaries, when the result would exceed {@link MAX_NAME_BYTES}.
 * Different `n` always give different names. Throws a RangeError (a bug) unless `n` is a positive safe integer.
 */
export const numberedName = (name: ValidName, n: number): ValidName => {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`numberedName: n must be a positive integer, got ${n}`);
  return withLabel(name, String(n));
};

/**
 * `desired` if its key is free, else the first free of `name (1).ext`, `name (2).ext`, … (Windows style, from 1).
 * A name that already ends in a number is not parsed: `report (3).pdf` becomes `report (3) (1).pdf`. That is
 * the simplest rule that is deterministic and never guesses whether "(3)" was a counter or part of the title.
 *
 * @param taken - whether a {@link nameKey} is used in the folder; it must be true for finitely many keys.
 */
export const uniqueSiblingName = (desired: ValidName, taken: (key: string) => boolean): ValidName => {
  if (!taken(nameKey(desired))) return desired;
  for (let n = 1; ; n += 1) {
    const candidate = numberedName(desired, n);
    if (!taken(nameKey(candidate))) return candidate;
  }
};

// Device names are typed by users and synced from other devices: keep what reads as a name, drop the rest.
const DEVICE_UNSAFE = /[\p{Cc}\p{Cs}/\\<>:"|?*]/gu;
const MAX_DEVICE_BYTES = 64;

const deviceLabel = (deviceName: string): string => {
  const cleaned = deviceName.normalize('NFC').replace(DEVICE_UNSAFE, '').replace(/\s+/gu, ' ').trim();
  const capped = truncateUtf8(cleaned, MAX_DEVICE_BYTES).trim();
  return capped === '' ? 'Unknown device' : capped;
};

/**
 * `report.pdf` → `report (Alice's laptop's conflicted copy 2024-03-05).pdf`, Dropbox style, for the losing side
 * of a concurrent edit. The date is the UTC calendar day so every replica derives the same name. The device
 * name is cleaned (forbidden and control characters removed, whitespace collapsed and trimmed, capped at
 * 64 bytes; `Unknown device` if nothing is left), and the stem is shortened like {@link numberedName}.
 *
 * @param date - a Date or milliseconds since the epoch; an invalid date is a bug and throws a RangeError.
 */
export const conflictCopyName = (name: ValidName, deviceName: string, date: Date | number): ValidName => {
  const when = new Date(typeof date === 'number' ? date : date.getTime());
  if (Number.isNaN(when.getTime())) throw new RangeError('conflictCopyName: invalid date');
  // toISOString is always UTC; years beyond 9999 come out as "+010000", still a valid name.
  const day = when.toISOString().split('T')[0] ?? '';
  return withLabel(name, `${deviceLabel(deviceName)}'s conflicted copy ${day}`);
};

/** One child of a folder as {@link resolveSiblingNames} sees it. */
export type SiblingEntry = { readonly id: string; readonly name: ValidName; readonly rank: string };

const byRankThenId = (a: SiblingEntry, b: SiblingEntry): number =>
  a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Gives every child of one folder a name no sibling collides with, the same on every replica: used after
 * merging concurrent creates, moves and renames. Returns the name for each entry id.
 *
 * Entries are grouped by {@link nameKey}. In each group the smallest `rank` (plain string order; equal ranks
 * fall back to `id`) keeps its name. The others, taken in that order across all groups, get the first
 * {@link numberedName} whose key is neither any entry's original name nor a name already handed out here.
 * Original names are all reserved up front, so an entry that collides with nobody keeps its exact name, and
 * the result depends only on the set of entries, never on their order.
 *
 * Throws (a bug in the caller) if two entries share an id.
 */
export const resolveSiblingNames = (entries: ReadonlyArray<SiblingEntry>): Map<string, ValidName> => {
  const sorted = [...entries].sort(byRankThenId);
  const keyOf = new Map<string, string>();
  for (const e of sorted) {
    if (keyOf.has(e.id)) throw new Error(`resolveSiblingNames: duplicate entry id ${e.id}`);
    keyOf.set(e.id, nameKey(e.name));
  }
  const used = new Set(keyOf.values());
  const winners = new Set<string>();
  const result = new Map<string, ValidName>();
  // Where to resume counting for a name: numbers below it are taken, and `used` only grows.
  const nextNumber = new Map<string, number>();
  for (const e of sorted) {
    const key = keyOf.get(e.id) ?? '';
    if (!winners.has(key)) {
      winners.add(key);
      result.set(e.id, e.name);
      continue;
    }
    for (let n = nextNumber.get(e.name) ?? 1; ; n += 1) {
      const candidate = numberedName(e.name, n);
      const candidateKey = nameKey(candidate);
      if (!used.has(candidateKey)) {
        used.add(candidateKey);
        nextNumber.set(e.name, n + 1);
        result.set(e.id, candidate);
        break;
      }
    }
  }
  return result;
};
