// Reading a file to show it: for text, only the chunks that cover the first bytes are fetched (a 2 GB
// log shows its first megabyte at once), and the bytes become text without breaking a character cut
// at the end, or are recognised as not text at all; and no whole-file check for what is only shown.
import type { Content } from '@sheaf/shared/drive/ops';

/**
 * A Content for the first chunks of `content` holding at least `bytes` bytes (all of it when that
 * is the whole). Its chunks are each checked against their hash as any download's are; it has no
 * whole-file SHA-256, which only the whole file could match.
 */
export function leadingContent(content: Content, bytes: number): Content {
  if (bytes >= content.size) return content;
  const chunks: Content['manifest']['chunks'][number][] = [];
  let size = 0;
  for (const chunk of content.manifest.chunks) {
    if (size >= bytes) break;
    chunks.push(chunk);
    size += chunk.size;
  }
  return { ...content, size, manifest: { size, chunks } };
}

/**
 * The content without its whole-file SHA-256, for reads that show rather than save (previews,
 * thumbnails): every chunk is still checked against its own hash, so the second read of the whole
 * file that check costs (and the worker it starts, seconds on a first use) buys nothing there.
 */
export function withoutWholeHash(content: Content): Content {
  if (content.manifest.sha256 === undefined) return content;
  const { sha256: _whole, ...manifest } = content.manifest;
  return { ...content, manifest };
}

export type DecodedText =
  | {
      readonly kind: 'text';
      readonly text: string;
      /** The file goes on past what is shown. */
      readonly truncated: boolean;
    }
  /** NUL bytes or mostly undecodable: a binary file with a text-like name. */
  | { readonly kind: 'binary' };

/** How many replacement characters per thousand a text may have before it is called binary. */
const MAX_BAD_PER_MILLE = 10;

/**
 * The first `limit` bytes of `bytes` as text. UTF-8, or UTF-16 with a byte order mark; a character
 * cut by the limit is dropped rather than shown as a replacement character.
 */
export function decodePreviewText(bytes: Uint8Array, limit: number, fileSize: number): DecodedText {
  const shown = bytes.subarray(0, Math.min(limit, bytes.length));
  const truncated = fileSize > shown.length;
  const encoding = bomEncoding(shown);
  if (encoding === 'utf-8' && shown.includes(0)) return { kind: 'binary' };
  const body = truncated ? trimPartial(shown, encoding) : shown;
  // A streaming decoder holds back an incomplete final sequence instead of replacing it.
  const text = new TextDecoder(encoding).decode(body, { stream: truncated });
  let bad = 0;
  for (const char of text) if (char === '\uFFFD') bad += 1;
  if (text.length > 0 && (bad * 1000) / text.length > MAX_BAD_PER_MILLE) return { kind: 'binary' };
  return { kind: 'text', text, truncated };
}

function bomEncoding(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** UTF-16 cut in the middle of a code unit: drop the odd byte (the decoder handles surrogates). */
function trimPartial(bytes: Uint8Array, encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): Uint8Array {
  return encoding !== 'utf-8' && bytes.length % 2 === 1 ? bytes.subarray(0, bytes.length - 1) : bytes;
}

/** Lines of a text for numbering: a final newline ends the last line rather than starting another. */
export function textLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}
