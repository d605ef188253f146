// Unit and integration tests of shared, workers and relay, in Node (the browser is covered by e2e/).
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['sheaf-source', 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['sheaf-source', 'module', 'node', 'development|production'] } },
  test: {
    include: ['{shared,workers,relay,web}/src/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    // One worker per core, not vitest's default of one fewer: on CI's 2 cores that default is a single
    // worker, and these tests spend much of their time waiting on sockets, files and timers, so one
    // file's wait is another's turn (on a busy 2-core machine: 410 s with one worker, 304 s with two).
    // Files stay isolated (forks, isolate: true): without isolation relay/src/relay.test.ts failed
    // twice (ECONNRESET), so some state leaks between files, though it halved the time spent importing.
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
