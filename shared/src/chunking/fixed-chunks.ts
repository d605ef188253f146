// Fixed-size chunking for the first slice; the transfer engine replaces it with FastCDC.
export const FIXED_CHUNK_BYTES = 1024 * 1024;

/** The [start, end) byte ranges of fixed-size chunks covering `size` bytes; none for an empty file. */
export function fixedChunkRanges(size: number, chunkBytes: number = FIXED_CHUNK_BYTES): Array<[number, number]> {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`invalid size ${size}`);
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes <= 0) throw new RangeError(`invalid chunk size ${chunkBytes}`);
  const ranges: Array<[number, number]> = [];
  for (let start = 0; start < size; start += chunkBytes) ranges.push([start, Math.min(size, start + chunkBytes)]);
  return ranges;
}
