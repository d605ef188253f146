// Thumbnails recorded in a drive document, so that one device makes a picture's thumbnail and the
// others fetch it. They sit beside the operations in one map, `thumbnails`, keyed by the content hash
// of the version they show, each an immutable JSON string: a thumbnail is derived from bytes that never
// change, so it is not an operation of the tree, any device may add one later, and two devices adding
// one for the same content both wrote a valid picture (whichever Automerge keeps is fine).
// The map is created by the first device that records one: two devices creating it at once keep one
// of the two maps, and what the other held is made again where it is next wanted. Nothing is lost but
// a little work, which is why it is not created with the document like the operation shards.
import { z } from 'zod';
import { ChunkHash } from '../ids.js';
import type { StoredText } from './drive-document.js';
import type { DriveTree } from './drive-tree.js';
import { retainedVersions, type Retention } from './retention.js';

/** The longest side of a thumbnail: larger ones are refused as what this app never makes. */
export const MAX_THUMBNAIL_SIDE = 1024;
/** A thumbnail chunk is small; a larger one recorded is refused rather than fetched. */
export const MAX_THUMBNAIL_BYTES = 512 * 1024;

export const Thumbnail = z.object({
  /** The chunk holding the picture's bytes. */
  hash: ChunkHash,
  size: z.number().int().positive().max(MAX_THUMBNAIL_BYTES),
  width: z.number().int().positive().max(MAX_THUMBNAIL_SIDE),
  height: z.number().int().positive().max(MAX_THUMBNAIL_SIDE),
  mediaType: z.enum(['image/webp', 'image/jpeg', 'image/png']),
});
export type Thumbnail = z.infer<typeof Thumbnail>;

/** The document's `thumbnails` value as written: content hash to immutable JSON. */
export type StoredThumbnails = Record<string, StoredText>;

export function encodeThumbnail(thumbnail: Thumbnail): string {
  return JSON.stringify(Thumbnail.parse(thumbnail));
}

/**
 * The thumbnail recorded for `content` in a document's `thumbnails` value, checked: the document
 * comes from other devices, so anything missing or malformed reads as no thumbnail.
 */
export function readThumbnail(stored: unknown, content: ChunkHash): Thumbnail | undefined {
  if (!isRecord(stored)) return undefined;
  return parseThumbnail(stored[content]);
}

/** Every readable thumbnail in a document's `thumbnails` value, by content hash. */
export function readThumbnails(stored: unknown): Map<ChunkHash, Thumbnail> {
  const all = new Map<ChunkHash, Thumbnail>();
  if (!isRecord(stored)) return all;
  for (const key of Object.keys(stored)) {
    const content = ChunkHash.safeParse(key);
    const thumbnail = parseThumbnail(stored[key]);
    if (content.success && thumbnail !== undefined) all.set(content.data, thumbnail);
  }
  return all;
}

/** The thumbnail a drive document, as Automerge hands it over, records for `content`. */
export const documentThumbnail = (doc: unknown, content: ChunkHash): Thumbnail | undefined =>
  readThumbnail(isRecord(doc) ? doc['thumbnails'] : undefined, content);

/** Every readable thumbnail of a drive document, as Automerge hands it over. */
export const documentThumbnails = (doc: unknown): Map<ChunkHash, Thumbnail> =>
  readThumbnails(isRecord(doc) ? doc['thumbnails'] : undefined);

/**
 * The thumbnail chunks the relay keeps: those of versions the retention rule keeps (liveChunks'
 * rule). A thumbnail of a purged or expired version is let go with that version's own chunks.
 */
export function liveThumbnailChunks(
  tree: DriveTree,
  rule: Retention,
  nowMs: number,
  thumbnails: ReadonlyMap<ChunkHash, Thumbnail>,
): Set<ChunkHash> {
  const live = new Set<ChunkHash>();
  if (thumbnails.size === 0) return live;
  for (const node of tree.nodes.values()) {
    if (node.kind !== 'file') continue;
    const kept = retainedVersions(node.versions, rule, nowMs);
    for (const version of node.versions) {
      if (!kept.has(version.op)) continue;
      const thumbnail = thumbnails.get(version.content.hash);
      if (thumbnail !== undefined) live.add(thumbnail.hash);
    }
    const current = node.content === undefined ? undefined : thumbnails.get(node.content.hash);
    if (current !== undefined) live.add(current.hash);
  }
  return live;
}

function parseThumbnail(value: unknown): Thumbnail | undefined {
  if (!isStoredText(value)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value.toString());
  } catch {
    return undefined;
  }
  const parsed = Thumbnail.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A string, or Automerge's ImmutableString (an object whose `val` is the string). */
const isStoredText = (v: unknown): v is StoredText =>
  typeof v === 'string' || (isRecord(v) && typeof (v as { val?: unknown }).val === 'string');
