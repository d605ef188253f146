// Prints sha256x4-module.generated.ts: `npm run -w workers gen:sha256` writes it with this output.
import { compileSha256x4, generatedModuleSource } from './compile-module.js';

console.log(generatedModuleSource(await compileSha256x4()).trimEnd());
