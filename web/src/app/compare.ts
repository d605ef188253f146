// Comparing two versions of a file: a line diff when both are text of a readable size, otherwise
// their facts side by side. The diff is jsdiff's (Myers); long runs of unchanged lines are folded.
import { diffLines } from 'diff';

/** Both versions at most this size to be diffed: a bigger text diff is slow and unreadable. */
export const MAX_DIFF_BYTES = 1024 * 1024;

const TEXT_TYPES =
  /^(text\/|application\/(json|(x-)?javascript|typescript|xml|x-yaml|yaml|toml|x-sh|sql|csv|ld\+json)\b)|\+(json|xml)$/;
// Browsers give many source files no media type (or application/octet-stream): the extension decides.
const TEXT_EXTENSIONS =
  /\.(txt|md|markdown|csv|tsv|json|jsonc|js|mjs|cjs|ts|tsx|jsx|xml|html?|css|scss|ya?ml|toml|ini|cfg|conf|log|sh|py|rb|go|rs|java|kt|c|h|cpp|hpp|sql|svg)$/i;

export function isTextLike(name: string, mediaType: string): boolean {
  return TEXT_TYPES.test(mediaType) || TEXT_EXTENSIONS.test(name);
}

export type DiffLine = { readonly kind: 'same' | 'added' | 'removed'; readonly text: string };
/** A run of unchanged lines left out, `count` long. */
export type DiffFold = { readonly kind: 'fold'; readonly count: number };
export type DiffRow = DiffLine | DiffFold;

export type TextDiff = { readonly rows: readonly DiffRow[]; readonly added: number; readonly removed: number };

/** Unchanged lines kept around each change. */
const CONTEXT = 3;

const splitLines = (value: string): string[] => {
  const lines = value.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
};

/** The line diff from `older` to `newer`, with unchanged runs longer than the context folded. */
export function diffText(older: string, newer: string): TextDiff {
  const lines: DiffLine[] = [];
  for (const change of diffLines(older, newer)) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    for (const text of splitLines(change.value)) lines.push({ kind, text });
  }
  const near = new Array<boolean>(lines.length).fill(false);
  lines.forEach((line, i) => {
    if (line.kind === 'same') return;
    for (let j = Math.max(0, i - CONTEXT); j <= Math.min(lines.length - 1, i + CONTEXT); j++) near[j] = true;
  });
  const rows: DiffRow[] = [];
  let folded = 0;
  lines.forEach((line, i) => {
    if (line.kind === 'same' && near[i] !== true) {
      folded++;
      return;
    }
    if (folded > 0) rows.push({ kind: 'fold', count: folded });
    folded = 0;
    rows.push(line);
  });
  if (folded > 0) rows.push({ kind: 'fold', count: folded });
  return {
    rows,
    added: lines.filter((l) => l.kind === 'added').length,
    removed: lines.filter((l) => l.kind === 'removed').length,
  };
}
