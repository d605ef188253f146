// Unit and integration tests of shared, workers and relay, in Node (the browser is covered by e2e/).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['sheaf-source', 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['sheaf-source', 'module', 'node', 'development|production'] } },
  test: {
    include: ['{shared,workers,relay,web}/src/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
