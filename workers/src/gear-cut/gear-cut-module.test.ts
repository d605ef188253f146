import { describe, expect, it } from 'vitest';
import { compileGearCut, generatedModuleSource } from './compile-module.js';
import { GEAR_CUT_WASM_BASE64 } from './gear-cut-module.generated.js';
import { gearCutBytes } from './gear-cut.js';

describe('gear-cut-module.generated.ts', () => {
  it('holds the bytes its WAT compiles to: run `npm run -w workers gen:gear-cut` after changing gear-cut-wat.ts', async () => {
    const compiled = await compileGearCut();
    expect(gearCutBytes()).toEqual(compiled);
    expect(generatedModuleSource(compiled)).toContain(`'${GEAR_CUT_WASM_BASE64}'`);
  });

  it('is a module of one memory that cannot grow, the last hash and find', () => {
    const module = new WebAssembly.Module(gearCutBytes());
    expect(WebAssembly.Module.imports(module)).toEqual([]);
    expect(WebAssembly.Module.exports(module)).toEqual([
      { name: 'memory', kind: 'memory' },
      { name: 'hash', kind: 'global' },
      { name: 'find', kind: 'function' },
    ]);
    const { exports } = new WebAssembly.Instance(module, {});
    const { memory } = exports;
    if (!(memory instanceof WebAssembly.Memory)) throw new Error('no memory');
    expect(() => memory.grow(1)).toThrow(RangeError);
  });
});
