import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'survey/index': 'src/survey/index.ts',
      'support/index': 'src/support/index.ts',
      'contact-center/index': 'src/contact-center/index.ts',
      'finance/index': 'src/finance/index.ts',
      'growth/index': 'src/growth/index.ts',
      'time/index': 'src/time/index.ts',
      'report/index': 'src/report/index.ts',
      'schemas/index': 'src/schemas/index.ts',
      'sql/index': 'src/sql/index.ts',
      'duckdb/index': 'src/duckdb/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    // The command (built below, at the same time) is kept.
    clean: ['!cli.js', '!cli.js.map'],
    sourcemap: true,
    splitting: true,
    treeshake: true,
    target: 'es2022',
    outDir: 'dist',
  },
  {
    // The `kpi-kit` command: one ESM file for Node, its dependencies left to node_modules.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    dts: false,
    clean: false,
    sourcemap: true,
    splitting: false,
    outDir: 'dist',
  },
]);
