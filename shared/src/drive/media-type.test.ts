import { describe, expect, it } from 'vitest';
import { mediaTypeFor } from './media-type.js';

describe('mediaTypeFor', () => {
  it('knows common extensions whatever their case, and falls back to bytes', () => {
    expect(mediaTypeFor('Report.PDF')).toBe('application/pdf');
    expect(mediaTypeFor('notes.txt')).toBe('text/plain');
    expect(mediaTypeFor('archive.tar.gz')).toBe('application/gzip');
    expect(mediaTypeFor('.bashrc')).toBe('application/octet-stream');
    expect(mediaTypeFor('README')).toBe('application/octet-stream');
    expect(mediaTypeFor('data.unknownext')).toBe('application/octet-stream');
  });
});
