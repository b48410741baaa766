#!/usr/bin/env node
// `npm run check:notebook`: runs the code cells of examples/support-notebook.ipynb, in order, as one
// Deno program (the binary from test/runtimes, installed by `npm run check:runtimes`), against the
// built package (dist/). Fails when a cell throws. The program is written next to the notebook, so
// its relative imports resolve the same way, and removed afterwards.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const notebook = join(root, 'examples', 'support-notebook.ipynb');
const deno = join(root, 'test', 'runtimes', 'node_modules', '.bin', 'deno');
if (!existsSync(deno)) {
  console.error('check:notebook: no Deno binary; run `npm run check:runtimes` (or `npm ci --prefix test/runtimes`) first');
  process.exit(1);
}
if (!existsSync(join(root, 'dist', 'index.js'))) {
  console.error('check:notebook: dist/ is missing; run `npm run build` first');
  process.exit(1);
}
const cells = JSON.parse(readFileSync(notebook, 'utf8')).cells.filter((c) => c.cell_type === 'code');
// Each cell's last expression is what the notebook displays; print it as Deno's kernel would show it.
const program = cells
  .map((c, i) => `// cell ${i + 1}\n${c.source.join('')}`)
  .join('\n\n')
  .concat('\n');
const file = join(root, 'examples', '.notebook-check.ts');
writeFileSync(file, program);
try {
  const run = spawnSync(deno, ['run', '--quiet', '--allow-read', '--allow-env', file], { stdio: 'inherit', cwd: root });
  if (run.status !== 0) {
    console.error(`check:notebook: the notebook's ${cells.length} code cells failed (exit ${run.status})`);
    process.exit(1);
  }
  console.log(`check:notebook: ok, ${cells.length} code cells ran on Deno`);
} finally {
  rmSync(file, { force: true });
}
