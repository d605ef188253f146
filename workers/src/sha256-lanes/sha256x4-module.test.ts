import { describe, expect, it } from 'vitest';
import { compileSha256x4, generatedModuleSource } from './compile-module.js';
import { SHA256X4_WASM_BASE64 } from './sha256x4-module.generated.js';
import { sha256x4Bytes } from './sha256x4.js';

describe('sha256x4-module.generated.ts', () => {
  it('holds the bytes its WAT compiles to: run `npm run -w workers gen:sha256` after changing sha256x4-wat.ts', async () => {
    const compiled = await compileSha256x4();
    expect(sha256x4Bytes()).toEqual(compiled);
    expect(generatedModuleSource(compiled)).toContain(`'${SHA256X4_WASM_BASE64}'`);
  });

  it('is a module of one memory that cannot grow and the two hash functions', () => {
    const module = new WebAssembly.Module(sha256x4Bytes());
    expect(WebAssembly.Module.imports(module)).toEqual([]);
    expect(WebAssembly.Module.exports(module)).toEqual([
      { name: 'memory', kind: 'memory' },
      { name: 'hash4', kind: 'function' },
      { name: 'hash1', kind: 'function' },
    ]);
    const { exports } = new WebAssembly.Instance(module, {});
    const { memory } = exports;
    if (!(memory instanceof WebAssembly.Memory)) throw new Error('no memory');
    expect(() => memory.grow(1)).toThrow(RangeError);
  });
});
