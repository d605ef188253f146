import { describe, expect, it } from 'vitest';
import { ChunkHash } from '@sheaf/shared/ids';
import { canonicalManifest } from '@sheaf/shared/drive/manifest';
import { manifestHash } from './content-hash.js';

const chunk = ChunkHash.parse('a'.repeat(64));

describe('manifestHash', () => {
  it('is the SHA-256 of the manifest as canonical JSON, whatever the key order given', async () => {
    const json = '{"size":3,"chunks":[{"hash":"' + 'a'.repeat(64) + '","size":3}]}';
    expect(canonicalManifest({ chunks: [{ size: 3, hash: chunk }], size: 3 })).toBe(json);
    // sha256sum of the JSON above, computed outside the test.
    const expected = 'dba35dcd9e56d11632473f926d3d43b3dec38f92653c03b9f2871eefca22a256';
    expect(await manifestHash({ size: 3, chunks: [{ hash: chunk, size: 3 }] })).toBe(expected);
  });
});
