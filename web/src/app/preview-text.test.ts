import { describe, expect, it } from 'vitest';
import { ChunkHash } from '@sheaf/shared/ids';
import type { Content } from '@sheaf/shared/drive/ops';
import { decodePreviewText, leadingContent, textLines, withoutWholeHash } from './preview-text.js';

const hash = (n: number): ChunkHash => ChunkHash.parse(n.toString(16).padStart(64, '0'));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('leadingContent', () => {
  const content: Content = {
    hash: hash(1),
    size: 300,
    mediaType: 'text/plain',
    manifest: {
      size: 300,
      chunks: [
        { hash: hash(2), size: 100 },
        { hash: hash(3), size: 100 },
        { hash: hash(4), size: 100 },
      ],
      sha256: hash(9),
    },
  };

  it('takes the chunks covering the first bytes, without the whole-file hash', () => {
    expect(leadingContent(content, 150)).toEqual({
      ...content,
      size: 200,
      manifest: { size: 200, chunks: content.manifest.chunks.slice(0, 2) },
    });
  });

  it('is the content itself when all of it is wanted', () => {
    expect(leadingContent(content, 300)).toBe(content);
  });

  it('drops only the whole-file hash for reads that show rather than save', () => {
    expect(withoutWholeHash(content)).toEqual({ ...content, manifest: { size: 300, chunks: content.manifest.chunks } });
    expect(content.manifest.sha256).toBe(hash(9));
  });
});

describe('decodePreviewText', () => {
  it('shows a whole small file', () => {
    expect(decodePreviewText(utf8('héllo\n'), 100, 7)).toEqual({ kind: 'text', text: 'héllo\n', truncated: false });
  });

  it('drops a character cut by the limit instead of showing a replacement', () => {
    const bytes = utf8('ab€'); // € is three bytes
    expect(decodePreviewText(bytes, 4, bytes.length)).toEqual({ kind: 'text', text: 'ab', truncated: true });
  });

  it('says when the file goes on past what was read', () => {
    expect(decodePreviewText(utf8('abc'), 100, 5000)).toEqual({ kind: 'text', text: 'abc', truncated: true });
  });

  it('reads UTF-16 with a byte order mark', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x68, 0x00, 0x69, 0x00]);
    expect(decodePreviewText(bytes, 100, bytes.length)).toEqual({ kind: 'text', text: 'hi', truncated: false });
  });

  it('calls bytes with NULs or many invalid sequences binary', () => {
    expect(decodePreviewText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), 100, 6)).toEqual({ kind: 'binary' });
    const noise = new Uint8Array(200).map((_, i) => 0x80 + (i % 64));
    expect(decodePreviewText(noise, 200, 200)).toEqual({ kind: 'binary' });
  });
});

describe('textLines', () => {
  it('numbers lines whatever their endings, a final newline closing the last', () => {
    expect(textLines('a\r\nb\nc\n')).toEqual(['a', 'b', 'c']);
    expect(textLines('')).toEqual(['']);
    expect(textLines('\n\n')).toEqual(['', '']);
  });
});
