import { describe, expect, it } from 'vitest';
import {
  canMakeThumbnail,
  fileTypeLabel,
  MARKDOWN_PREVIEW_BYTES,
  PREVIEW_LIMITS,
  previewKind,
  previewPlan,
  TEXT_PREVIEW_BYTES,
  viewerMediaType,
} from './preview-kind.js';

const MIB = 1024 * 1024;

describe('previewKind', () => {
  it('follows the media type', () => {
    expect(previewKind('a', 'image/png')).toBe('image');
    expect(previewKind('a', 'audio/mpeg')).toBe('audio');
    expect(previewKind('a', 'video/mp4')).toBe('video');
    expect(previewKind('a', 'application/pdf')).toBe('pdf');
    expect(previewKind('a', 'text/markdown; charset=utf-8')).toBe('markdown');
    expect(previewKind('a', 'text/plain;charset=UTF-8')).toBe('text');
    expect(previewKind('a', 'application/json')).toBe('text');
    expect(previewKind('a', 'application/vnd.api+json')).toBe('text');
    expect(previewKind('a', 'application/zip')).toBe('none');
  });

  it('falls back on the name when the type says nothing', () => {
    const unknown = 'application/octet-stream';
    expect(previewKind('Holiday.JPG', unknown)).toBe('image');
    expect(previewKind('notes.md', unknown)).toBe('markdown');
    expect(previewKind('main.rs', unknown)).toBe('text');
    expect(previewKind('.gitignore', unknown)).toBe('text');
    expect(previewKind('Makefile', unknown)).toBe('text');
    expect(previewKind('report.pdf', unknown)).toBe('pdf');
    expect(previewKind('song.flac', unknown)).toBe('audio');
    expect(previewKind('archive.7z', unknown)).toBe('none');
  });

  it('lets a media type win over a name that looks like code', () => {
    // .ts is TypeScript and MPEG transport streams alike.
    expect(previewKind('clip.ts', 'video/mp2t')).toBe('video');
    expect(previewKind('app.ts', 'application/octet-stream')).toBe('text');
  });

  it('gives viewers a type they can use', () => {
    expect(viewerMediaType('pdf', 'x.pdf', 'application/octet-stream')).toBe('application/pdf');
    expect(viewerMediaType('image', 'logo.svg', 'application/octet-stream')).toBe('image/svg+xml');
    expect(viewerMediaType('image', 'a.png', 'image/png; q=1')).toBe('image/png');
    expect(viewerMediaType('image', 'a.png', 'text/plain')).toBe('image/png');
    expect(viewerMediaType('video', 'a.webm', 'application/octet-stream')).toBe('video/webm');
    expect(viewerMediaType('text', 'a.txt', '')).toBe('application/octet-stream');
  });

  it('makes thumbnails of decodable pictures only', () => {
    expect(canMakeThumbnail('a.png', 'image/png')).toBe(true);
    expect(canMakeThumbnail('a.jpg', 'application/octet-stream')).toBe(true);
    expect(canMakeThumbnail('logo.svg', 'image/svg+xml')).toBe(false);
    expect(canMakeThumbnail('a.txt', 'text/plain')).toBe(false);
  });
});

describe('previewPlan', () => {
  it('reads only the start of a large text file', () => {
    expect(previewPlan('big.log', { size: 50 * MIB, mediaType: 'text/plain' })).toEqual({
      kind: 'text',
      bytes: TEXT_PREVIEW_BYTES,
    });
    expect(previewPlan('small.txt', { size: 12, mediaType: 'text/plain' })).toEqual({ kind: 'text', bytes: 12 });
  });

  it('shows a Markdown file too large to render as text', () => {
    expect(previewPlan('a.md', { size: 100, mediaType: 'text/markdown' })).toEqual({ kind: 'markdown', bytes: 100 });
    expect(previewPlan('a.md', { size: MARKDOWN_PREVIEW_BYTES + 1, mediaType: 'text/markdown' })).toEqual({
      kind: 'text',
      bytes: TEXT_PREVIEW_BYTES,
    });
  });

  it('offers a download for media past its limit', () => {
    const size = PREVIEW_LIMITS.video + 1;
    expect(previewPlan('film.mp4', { size, mediaType: 'video/mp4' })).toEqual({
      kind: 'too-large',
      viewer: 'video',
      limit: PREVIEW_LIMITS.video,
    });
    expect(previewPlan('film.mp4', { size: 10, mediaType: 'video/mp4' })).toEqual({ kind: 'video', bytes: 10 });
    expect(previewPlan('a.bin', { size: 10, mediaType: 'application/octet-stream' })).toEqual({ kind: 'none' });
  });
});

describe('fileTypeLabel', () => {
  it('names the kind, with the extension when there is one', () => {
    expect(fileTypeLabel('photo.JPG', 'image/jpeg')).toBe('JPG image');
    expect(fileTypeLabel('ticket.pdf', 'application/pdf')).toBe('PDF document');
    expect(fileTypeLabel('plan.md', 'text/markdown')).toBe('Markdown');
    expect(fileTypeLabel('notes.txt', 'text/plain')).toBe('Plain text');
    expect(fileTypeLabel('data.json', 'application/json')).toBe('JSON file');
    expect(fileTypeLabel('archive.zip', 'application/zip')).toBe('ZIP file');
    expect(fileTypeLabel('Notes from 3.30 meeting', 'application/octet-stream')).toBe('File');
    expect(fileTypeLabel('recording', 'audio/mpeg')).toBe('Audio');
  });
});
