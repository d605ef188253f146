import { describe, expect, it } from 'vitest';
import { THUMBNAIL_SIDE, thumbnailSize } from './thumbnail-size.js';

describe('thumbnailSize', () => {
  it('fits a landscape and a portrait picture within the square, keeping their shape', () => {
    expect(thumbnailSize({ width: 4000, height: 3000 })).toEqual({ width: 256, height: 192 });
    expect(thumbnailSize({ width: 1080, height: 1920 })).toEqual({ width: 144, height: 256 });
  });

  it('never enlarges a small picture', () => {
    expect(thumbnailSize({ width: 40, height: 30 })).toEqual({ width: 40, height: 30 });
  });

  it('keeps a very thin picture at least one pixel wide', () => {
    expect(thumbnailSize({ width: 10_000, height: 3 })).toEqual({ width: THUMBNAIL_SIDE, height: 1 });
  });

  it('refuses a picture without pixels', () => {
    expect(() => thumbnailSize({ width: 0, height: 10 })).toThrow(RangeError);
    expect(() => thumbnailSize({ width: Number.NaN, height: 10 })).toThrow(RangeError);
  });
});
