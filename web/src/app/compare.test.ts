import { describe, expect, it } from 'vitest';
import { diffText, isTextLike } from './compare.js';

describe('isTextLike', () => {
  it('knows text by media type or, failing that, by extension', () => {
    expect(isTextLike('notes.txt', 'text/plain')).toBe(true);
    expect(isTextLike('data', 'application/json')).toBe(true);
    expect(isTextLike('feed', 'application/atom+xml')).toBe(true);
    expect(isTextLike('main.ts', '')).toBe(true);
    expect(isTextLike('README.md', 'application/octet-stream')).toBe(true);
    expect(isTextLike('photo.jpg', 'image/jpeg')).toBe(false);
    expect(isTextLike('archive.zip', 'application/zip')).toBe(false);
  });
});

describe('diffText', () => {
  it('marks added and removed lines and folds long unchanged runs', () => {
    const same = Array.from({ length: 10 }, (_, i) => `line ${i}`);
    const older = [...same, 'old ending'].join('\n') + '\n';
    const newer = [...same, 'new ending', 'one more'].join('\n') + '\n';
    const diff = diffText(older, newer);
    expect(diff.added).toBe(2);
    expect(diff.removed).toBe(1);
    expect(diff.rows).toEqual([
      { kind: 'fold', count: 7 },
      { kind: 'same', text: 'line 7' },
      { kind: 'same', text: 'line 8' },
      { kind: 'same', text: 'line 9' },
      { kind: 'removed', text: 'old ending' },
      { kind: 'added', text: 'new ending' },
      { kind: 'added', text: 'one more' },
    ]);
  });

  it('shows nothing to fold for identical short texts', () => {
    expect(diffText('a\nb\n', 'a\nb\n')).toEqual({ rows: [{ kind: 'fold', count: 2 }], added: 0, removed: 0 });
  });
});
