// What the thumbnail worker offers through comlink; shared by the worker and the pool that calls it.
import type { ChunkHash } from '@sheaf/shared/ids';

/** A made thumbnail: its encoded bytes (transferred back, not copied), their SHA-256 and its size. */
export type MadeThumbnail = {
  readonly bytes: ArrayBuffer;
  readonly hash: ChunkHash;
  readonly width: number;
  readonly height: number;
  readonly mediaType: 'image/webp' | 'image/jpeg';
};

/** Expected failures are answers, not exceptions: a picture the browser cannot decode is common. */
export type ThumbnailResult =
  { readonly ok: true; readonly value: MadeThumbnail } | { readonly ok: false; readonly error: string };

export type ThumbnailApi = {
  /** Decodes `image` (any format the browser's createImageBitmap reads) and encodes it scaled to fit `side`. */
  makeThumbnail(image: Blob, side: number): Promise<ThumbnailResult>;
};
