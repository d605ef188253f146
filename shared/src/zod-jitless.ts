// Imported first by every browser entry point (the page and each worker): zod otherwise probes
// `new Function` to compile its parsers, and the app's Content-Security-Policy (no 'unsafe-eval')
// reports each probe as a violation. Parsing without compiled parsers costs a little more (about
// 180 ms across the 100,000 operations of a large drive) and keeps the policy strict.
import { config } from 'zod';

config({ jitless: true });
