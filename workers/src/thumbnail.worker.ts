// The thumbnail worker: decodes a picture with createImageBitmap and draws it scaled on an
// OffscreenCanvas, so neither the decode of a 20-megapixel photo nor its encode blocks the page.
import '@sheaf/shared/zod-jitless';
import { expose, transfer } from 'comlink';
import { toHex } from '@sheaf/shared/hex';
import { ChunkHash } from '@sheaf/shared/ids';
import type { MadeThumbnail, ThumbnailApi, ThumbnailResult } from './thumbnail-api.js';
import { thumbnailSize } from './thumbnail-size.js';
import { announceWorkerReady } from './worker-ready.js';

/** WebP keeps transparency at a third of PNG's size; 0.8 shows no artefacts at thumbnail size. */
const QUALITY = 0.8;

async function encode(canvas: OffscreenCanvas): Promise<{ blob: Blob; mediaType: MadeThumbnail['mediaType'] }> {
  const webp = await canvas.convertToBlob({ type: 'image/webp', quality: QUALITY });
  // A browser without a WebP encoder answers with PNG instead: JPEG is then the smaller choice.
  if (webp.type === 'image/webp') return { blob: webp, mediaType: 'image/webp' };
  return { blob: await canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY }), mediaType: 'image/jpeg' };
}

async function makeThumbnail(image: Blob, side: number): Promise<ThumbnailResult> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(image);
  } catch {
    return { ok: false, error: 'This picture could not be read.' };
  }
  try {
    const size = thumbnailSize(bitmap, side);
    const canvas = new OffscreenCanvas(size.width, size.height);
    const context = canvas.getContext('2d');
    if (context === null) return { ok: false, error: 'This browser cannot draw thumbnails.' };
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    const { blob, mediaType } = await encode(canvas);
    const bytes = await blob.arrayBuffer();
    const hash = ChunkHash.parse(toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))));
    const made: MadeThumbnail = { bytes, hash, width: size.width, height: size.height, mediaType };
    return transfer({ ok: true, value: made }, [bytes]);
  } catch (error) {
    return {
      ok: false,
      error: `The thumbnail could not be made (${error instanceof Error ? error.message : String(error)}).`,
    };
  } finally {
    bitmap.close();
  }
}

const thumbnailApi: ThumbnailApi = { makeThumbnail };

expose(thumbnailApi);
announceWorkerReady(self);
