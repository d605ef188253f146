// Prints gear-cut-module.generated.ts: `npm run -w workers gen:gear-cut` writes it with this output.
import { compileGearCut, generatedModuleSource } from './compile-module.js';

console.log(generatedModuleSource(await compileGearCut()).trimEnd());
