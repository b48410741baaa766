import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'survey/index': 'src/survey/index.ts',
    'support/index': 'src/support/index.ts',
    'contact-center/index': 'src/contact-center/index.ts',
    'finance/index': 'src/finance/index.ts',
    'growth/index': 'src/growth/index.ts',
    'time/index': 'src/time/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  splitting: true,
  treeshake: true,
  target: 'es2022',
  outDir: 'dist',
});
