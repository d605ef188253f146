// HTTP byte ranges (RFC 9110 §14): one range per request. A list of several ranges is answered whole
// (allowed, and what most file servers do); a syntactically odd header is ignored, as the RFC asks.
export type RangeAnswer =
  | { readonly kind: 'full' }
  /** Bytes `[start, end)`: end is exclusive here, unlike the header's. */
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' };

const FULL: RangeAnswer = { kind: 'full' };

export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return FULL;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return FULL;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return FULL;
  if (first === '') {
    // A suffix: the last N bytes.
    const n = Number(last);
    if (!Number.isSafeInteger(n) || n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size };
  }
  const start = Number(first);
  if (!Number.isSafeInteger(start)) return FULL;
  if (start >= size) return { kind: 'unsatisfiable' };
  const lastByte = last === '' ? size - 1 : Number(last);
  if (!Number.isSafeInteger(lastByte) || lastByte < start) return FULL;
  return { kind: 'partial', start, end: Math.min(lastByte, size - 1) + 1 };
}

/**
 * Whether an If-Range precondition holds for a representation whose strong ETag is `etag`. Only
 * entity tags are compared: a date in If-Range is a weak validator for content-addressed bytes.
 */
export function ifRangeHolds(header: string | undefined, etag: string): boolean {
  return header === undefined || header.trim() === etag;
}
