// Runs every bench/*.bench.mjs against the built package, one after another.
// Usage: npm run bench [-- name ...]   (names filter the files, e.g. `npm run bench -- survey`)
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
console.log(`# kpi-kit benchmarks (Node ${process.version}); ratios are against a hand-written loop in the same run`);
for (const file of files) {
  console.log(`\n# ${file}`);
  await import(pathToFileURL(join(here, file)).href);
}
