import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    // Examples and README snippets import 'kpi-kit'; in tests that resolves to the sources.
    alias: [
      { find: /^kpi-kit\/(.*)$/, replacement: fileURLToPath(new URL('./src/$1/index.ts', import.meta.url)) },
      { find: /^kpi-kit$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // One fixed fast-check seed unless FC_SEED says otherwise (see the file).
    setupFiles: ['test/setup/fast-check.ts'],
    // Property tests run thousands of cases; on a shared, loaded machine 5 s is not enough, and
    // time is never what a test checks here (benchmarks do that).
    testTimeout: 60_000,
    exclude: ['test/runtimes/**', 'node_modules/**'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 95, functions: 95, branches: 90, statements: 95 },
    },
  },
});
