// How big a thumbnail is: the picture scaled to fit a square, never enlarged, never below one pixel.

export type Size = { readonly width: number; readonly height: number };

/** The side of the square a thumbnail fits in: sharp at twice a 128 px grid tile on a 2x screen. */
export const THUMBNAIL_SIDE = 256;

/** `source` scaled to fit within `side` × `side`, keeping its shape; a smaller picture keeps its size. */
export function thumbnailSize(source: Size, side = THUMBNAIL_SIDE): Size {
  const { width, height } = source;
  if (!(width > 0 && height > 0)) throw new RangeError(`a picture of ${width}×${height} has no thumbnail`);
  const scale = Math.min(1, side / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}
