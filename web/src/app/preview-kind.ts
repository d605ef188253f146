// Which viewer shows a file, from its media type and, when that says nothing useful (files from
// other clients are often application/octet-stream), its name; and how much of it a viewer loads.
import { DEFAULT_MEDIA_TYPE, mediaTypeFor } from '@sheaf/shared/drive/media-type';
import type { Content } from '@sheaf/shared/drive/ops';

export type PreviewKind = 'image' | 'audio' | 'video' | 'pdf' | 'markdown' | 'text' | 'none';

const MIB = 1024 * 1024;

/**
 * The most of a file each viewer loads whole. Media is read through the chunk cache into one Blob
 * before it plays (no streaming yet), so the limits keep the wait and the cache churn reasonable.
 * Text shows its first TEXT_PREVIEW_BYTES whatever the file's size.
 */
export const PREVIEW_LIMITS: Readonly<Record<Exclude<PreviewKind, 'text' | 'markdown' | 'none'>, number>> = {
  image: 50 * MIB,
  audio: 200 * MIB,
  video: 500 * MIB,
  pdf: 100 * MIB,
};
export const TEXT_PREVIEW_BYTES = MIB;
/** Markdown is rendered whole or not at all: half a document would render broken tables and lists. */
export const MARKDOWN_PREVIEW_BYTES = 2 * MIB;

/** Pictures every current browser decodes, in an <img> and in createImageBitmap. */
const IMAGE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'image/x-icon',
  'image/vnd.microsoft.icon',
  'image/svg+xml',
]);

const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'bmp', 'ico', 'svg']);
const AUDIO_EXTENSIONS = new Set(['mp3', 'm4a', 'aac', 'wav', 'ogg', 'oga', 'opus', 'flac']);
const VIDEO_EXTENSIONS = new Set(['mp4', 'm4v', 'webm', 'ogv', 'mov']);
const MARKDOWN_EXTENSIONS = new Set(['md', 'markdown', 'mdown', 'mkd']);
/** Plain text and source code: shown as text with line numbers. */
const TEXT_EXTENSIONS = new Set(
  [
    'txt text log csv tsv json jsonl xml yaml yml toml ini cfg conf env html htm css scss less js mjs cjs',
    'jsx ts mts cts tsx py rb go rs java kt kts swift c h cc cpp hpp cs php pl lua r sql sh bash zsh fish',
    'ps1 bat tex rst adoc org srt vtt diff patch gitignore dockerfile makefile gradle properties lock vue',
    'svelte dart scala clj ex exs erl hs ml zig nim graphql proto',
  ]
    .join(' ')
    .split(' '),
);
/** Application types that are text underneath. */
const TEXT_APPLICATION_TYPES = new Set([
  'application/json',
  'application/xml',
  'application/javascript',
  'application/x-javascript',
  'application/typescript',
  'application/x-sh',
  'application/x-yaml',
  'application/yaml',
  'application/toml',
  'application/sql',
  'application/x-httpd-php',
  'application/ld+json',
  'application/x-ndjson',
]);

/** The part of a name after its last dot, lower-cased; a dotfile's or extensionless name is itself. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot < 0 ? name : name.slice(dot + 1)).toLowerCase();
}

/** The media type without parameters (`text/plain; charset=utf-8` → `text/plain`), lower-cased. */
const baseType = (mediaType: string): string => (mediaType.split(';', 1)[0] ?? '').trim().toLowerCase();

export function previewKind(name: string, mediaType: string): PreviewKind {
  const type = baseType(mediaType);
  const extension = extensionOf(name);
  if (type === 'text/markdown' || type === 'text/x-markdown' || MARKDOWN_EXTENSIONS.has(extension)) return 'markdown';
  if (type === 'application/pdf' || extension === 'pdf') return 'pdf';
  if (IMAGE_TYPES.has(type) || IMAGE_EXTENSIONS.has(extension)) return 'image';
  if (type.startsWith('audio/') || AUDIO_EXTENSIONS.has(extension)) return 'audio';
  if (type.startsWith('video/') || VIDEO_EXTENSIONS.has(extension)) return 'video';
  if (type.startsWith('text/') || TEXT_APPLICATION_TYPES.has(type) || type.endsWith('+json') || type.endsWith('+xml')) {
    return 'text';
  }
  if (TEXT_EXTENSIONS.has(extension)) return 'text';
  return 'none';
}

/**
 * The media type to give the bytes a viewer gets: the browser picks its decoder or viewer by it, so
 * a picture saved as application/octet-stream (or mislabelled) gets the type its name says.
 */
export function viewerMediaType(kind: PreviewKind, name: string, mediaType: string): string {
  const type = baseType(mediaType);
  if (kind === 'pdf') return 'application/pdf';
  if (kind === 'image' || kind === 'audio' || kind === 'video') {
    if (type.startsWith(`${kind}/`)) return type;
    const guessed = mediaTypeFor(name);
    if (guessed.startsWith(`${kind}/`)) return guessed;
  }
  return type === '' ? DEFAULT_MEDIA_TYPE : type;
}

export type PreviewPlan =
  | { readonly kind: 'none' }
  /** Too large to load whole for this viewer: offered as a download instead. */
  | { readonly kind: 'too-large'; readonly viewer: PreviewKind; readonly limit: number }
  /** `bytes`: how much of the file the viewer reads from the start (all of it but for text). */
  | { readonly kind: Exclude<PreviewKind, 'none'>; readonly bytes: number };

/** What to load to preview `content` named `name`. */
export function previewPlan(name: string, content: Pick<Content, 'size' | 'mediaType'>): PreviewPlan {
  const kind = previewKind(name, content.mediaType);
  switch (kind) {
    case 'none':
      return { kind };
    case 'text':
      return { kind, bytes: Math.min(content.size, TEXT_PREVIEW_BYTES) };
    case 'markdown':
      return content.size > MARKDOWN_PREVIEW_BYTES
        ? { kind: 'text', bytes: TEXT_PREVIEW_BYTES }
        : { kind, bytes: content.size };
    default: {
      const limit = PREVIEW_LIMITS[kind];
      return content.size > limit ? { kind: 'too-large', viewer: kind, limit } : { kind, bytes: content.size };
    }
  }
}

/** Pictures whose thumbnail can be made in a worker: createImageBitmap cannot decode SVG there. */
export function canMakeThumbnail(name: string, mediaType: string): boolean {
  return previewKind(name, mediaType) === 'image' && viewerMediaType('image', name, mediaType) !== 'image/svg+xml';
}

const KIND_NOUNS = { image: 'image', audio: 'audio', video: 'video' } as const;

/** "PNG image", "PDF document", "Markdown", "Plain text", "JSON file": what the header says it is. */
export function fileTypeLabel(name: string, mediaType: string): string {
  const kind = previewKind(name, mediaType);
  const extension = extensionOf(name);
  // A name without a dot, or with something after it that is no extension ("Notes from 3.30 meeting").
  const tag = name.includes('.') && /^[a-z0-9]{1,5}$/.test(extension) ? extension.toUpperCase() : undefined;
  switch (kind) {
    case 'pdf':
      return 'PDF document';
    case 'markdown':
      return 'Markdown';
    case 'image':
    case 'audio':
    case 'video':
      return tag === undefined ? `${kind.charAt(0).toUpperCase()}${kind.slice(1)}` : `${tag} ${KIND_NOUNS[kind]}`;
    case 'text':
      return tag === undefined || tag === 'TXT' ? 'Plain text' : `${tag} file`;
    case 'none':
      return tag === undefined ? 'File' : `${tag} file`;
  }
}
