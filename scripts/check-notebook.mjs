#!/usr/bin/env node
// `npm run check:notebook`: runs the code cells of examples/support-notebook.ipynb, in order, as one
// Deno program (the binary from test/runtimes, installed by `npm run check:runtimes`), against the
// built package (dist/). Fails when a cell throws. The program is written next to the notebook, so
// its relative imports resolve the same way, and removed afterwards.
// A cell whose last statement is a `display(...)` call is what the notebook shows as a table: that
// statement is kept in a variable and checked — its [Symbol.for("Jupyter.display")]() must give a
// 'text/html' string with a <table>, as the Deno kernel would show it. The notebook must have one.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

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

/** The cell's source, its last statement rewritten into a check when it is a `display(...)` call. */
function withDisplayCheck(source, cell) {
  const file = ts.createSourceFile(`cell-${cell}.ts`, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const last = file.statements.at(-1);
  if (last === undefined || !ts.isExpressionStatement(last)) return null;
  const call = last.expression;
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== 'display') return null;
  const name = `__shown${cell}`;
  const check = `const ${name} = ${call.getText(file)};\n__checkDisplay(${cell}, ${name});`;
  return source.slice(0, last.getStart(file)) + check + source.slice(last.end);
}

// Throws unless `shown` displays as an HTML table in a Deno notebook.
const checkDisplay = `
function __checkDisplay(cell: number, shown: unknown): void {
  const show = (shown as Record<symbol, unknown> | null | undefined)?.[Symbol.for("Jupyter.display")];
  if (typeof show !== "function") throw new Error(\`cell \${cell}: display(...) gave no [Symbol.for("Jupyter.display")]() method\`);
  const html = (show.call(shown) as Record<string, unknown> | null | undefined)?.["text/html"];
  if (typeof html !== "string") throw new Error(\`cell \${cell}: display(...) gave no 'text/html' string\`);
  const tables = html.match(/<table[\\s>]/g)?.length ?? 0;
  if (tables === 0) throw new Error(\`cell \${cell}: the 'text/html' of display(...) has no <table>\`);
  console.log(\`cell \${cell}: display(...) gives text/html with \${tables} table(s)\`);
}
`;
let displays = 0;
const program = cells
  .map((c, i) => {
    const source = c.source.join('');
    const checked = withDisplayCheck(source, i + 1);
    if (checked !== null) displays++;
    return `// cell ${i + 1}\n${checked ?? source}`;
  })
  .join('\n\n')
  .concat('\n', checkDisplay);
if (displays === 0) {
  console.error('check:notebook: no code cell ends with a display(...) call');
  process.exit(1);
}
const file = join(root, 'examples', '.notebook-check.ts');
writeFileSync(file, program);
let run;
try {
  run = spawnSync(deno, ['run', '--quiet', '--allow-read', '--allow-env', file], { stdio: 'inherit', cwd: root });
} finally {
  // Removed before exiting: process.exit() would skip a `finally`.
  rmSync(file, { force: true });
}
if (run.status !== 0) {
  console.error(`check:notebook: the notebook's ${cells.length} code cells failed (exit ${run.status})`);
  process.exit(1);
}
console.log(`check:notebook: ok, ${cells.length} code cells ran on Deno; ${displays} display(...) cells give HTML tables`);
