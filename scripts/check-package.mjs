#!/usr/bin/env node
// `npm run check:package`: checks the package as it would be published.
//
// 1. `npm pack` into a temp dir (assumes `npm run build` was done: dist/ is packed as it is).
// 2. The tarball's file list: every file package.json `exports` names (ESM .js, CJS .cjs, .d.ts,
//    .d.cts of `kpi-kit` and each family subpath), README.md, LICENSE, CHANGELOG.md; no sources,
//    tests or benchmarks.
// 3. publint on the tarball, `--strict` (warnings count as errors; suggestions are printed only).
// 4. arethetypeswrong on the tarball, profile `strict`: the package ships ESM + CJS with types
//    for every resolution mode, node10 (`main`/`types`), node16 (CJS and ESM) and bundler.
// Each tool's own report is printed; the exit code is 1 when anything failed. The temp dir is removed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Files that must be in the tarball: the metadata, every file package.json `exports` names, and the bin. */
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const exported = [];
(function collect(target) {
  if (typeof target === 'string') exported.push(target.replace(/^\.\//, ''));
  else if (target !== null && typeof target === 'object') Object.values(target).forEach(collect);
})(Object.fromEntries(Object.entries(pkg.exports).filter(([key]) => key !== './package.json')));
const bins = Object.values(pkg.bin ?? {}).map((b) => b.replace(/^\.\//, ''));
const REQUIRED = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', ...new Set(exported), ...bins];
/** Paths that must not be published. */
const FORBIDDEN = [/^src\//, /^test\//, /^bench\//, /^scripts\//, /^examples\//, /^coverage\//, /^\.ci\//, /^docs\/api\//, /\.tgz$/, /(^|\/)node_modules\//];

const problems = [];
const section = (title) => console.log(`\n--- ${title} ---`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  return result;
}

/** Runs a checker, prints everything it said, and records a problem when it exits non-zero. */
function tool(title, command, args) {
  section(title);
  const started = performance.now();
  const result = run(command, args, { env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  const output = `${result.stdout}${result.stderr}`.trim();
  console.log(output === '' ? '(no output)' : output);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    problems.push(`${title} failed (exit ${result.status ?? result.signal})`);
    console.log(`=> FAILED (exit ${result.status ?? result.signal}, ${seconds} s)`);
  } else {
    console.log(`=> ok (${seconds} s)`);
  }
}

if (!existsSync(join(root, 'dist', 'index.js'))) {
  console.error('check-package: dist/ is missing; run `npm run build` first.');
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'kpi-kit-check-package-'));
try {
  section('npm pack');
  const pack = run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp]);
  if (pack.status !== 0) {
    console.error(pack.stdout, pack.stderr);
    throw new Error(`npm pack failed (exit ${pack.status})`);
  }
  const [info] = JSON.parse(pack.stdout);
  const tarball = join(tmp, info.filename);
  const files = info.files.map((f) => f.path).sort();
  console.log(`${info.filename}: ${files.length} files, ${(info.size / 1024).toFixed(1)} kB packed, ${(info.unpackedSize / 1024).toFixed(1)} kB unpacked`);
  for (const f of info.files) console.log(`  ${String(f.size).padStart(9)}  ${f.path}`);

  section('tarball contents');
  const present = new Set(files);
  const missing = REQUIRED.filter((f) => !present.has(f));
  const unwanted = files.filter((f) => FORBIDDEN.some((re) => re.test(f)));
  for (const f of missing) problems.push(`tarball is missing ${f}`);
  for (const f of unwanted) problems.push(`tarball must not contain ${f}`);
  if (missing.length === 0 && unwanted.length === 0) {
    console.log(`ok: all ${REQUIRED.length} required files (the entry files of every export), no src/test/bench files`);
  } else {
    for (const f of missing) console.log(`MISSING  ${f}`);
    for (const f of unwanted) console.log(`UNWANTED ${f}`);
  }

  tool('publint --strict', bin('publint'), ['run', tarball, '--strict', '--level', 'suggestion']);
  tool('arethetypeswrong --profile strict', bin('attw'), [tarball, '--profile', 'strict', '--format', 'ascii', '--no-emoji', '--no-color']);
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

section('summary');
if (problems.length > 0) {
  console.error(`check:package FAILED, ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('check:package ok: contents, publint (strict), arethetypeswrong (strict profile)');
